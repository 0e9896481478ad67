package io.instanceconsole.ui.shell;

import javafx.scene.control.Tab;

import java.util.Locale;

/** The main window's tabs, in the order they show; a tab knows which one it is by its user data. */
public enum MainTab {
    INSTANCES("Instances"),
    ACTIVITY("Activity"),
    CONNECTIONS("Connections");

    private final String title;

    MainTab(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** A new tab of this kind, titled and marked as this one, with no content yet. */
    public Tab newTab() {
        Tab tab = new Tab(title);
        tab.setUserData(this);
        tab.setId("tab-" + name().toLowerCase(Locale.ROOT));
        return tab;
    }

    /** Which tab this is; {@code null} for none (a tab pane with nothing selected). */
    public static MainTab of(Tab tab) {
        return tab == null ? null : (MainTab) tab.getUserData();
    }
}
