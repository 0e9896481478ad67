package io.instanceconsole.ui.common;

import javafx.beans.binding.BooleanExpression;
import javafx.beans.value.ObservableBooleanValue;

import static java.util.Objects.requireNonNull;

/**
 * An action with its enablement, in the style of JabRef's {@code SimpleCommand}: a button binds {@code disable} to
 * {@code executable.not()} instead of having enablement set by hand. Not thread-safe (FX thread).
 */
public final class Command {
    private final BooleanExpression executable;
    private final Runnable action;

    public Command(ObservableBooleanValue executable, Runnable action) {
        this.executable = BooleanExpression.booleanExpression(requireNonNull(executable, "executable was not specified"));
        this.action = requireNonNull(action, "action was not specified");
    }

    public BooleanExpression executableProperty() {
        return executable;
    }

    public boolean isExecutable() {
        return executable.get();
    }

    /** Runs the command only when it is executable: the UI is not the only guard, but it must not be a leaky one. */
    public void execute() {
        if (executable.get()) {
            action.run();
        }
    }
}
