package io.instanceconsole.ui.bulk;

import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.service.BulkOperation.ItemState;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One line of the bulk progress panel. FX thread only. */
public final class BulkItemViewModel {
    private final InstanceKey key;
    private final String name;
    private final String host;
    private final ReadOnlyObjectWrapper<ItemState> state;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    BulkItemViewModel(InstanceKey key, String name, String host, ItemState state) {
        this.key = key;
        this.name = name;
        this.host = host;
        this.state = new ReadOnlyObjectWrapper<>(state);
    }

    public InstanceKey key() {
        return key;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public ReadOnlyObjectProperty<ItemState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ItemState state() {
        return state.get();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    void update(ItemState newState, String newMessage) {
        state.set(newState);
        message.set(newMessage == null ? "" : newMessage);
    }
}
