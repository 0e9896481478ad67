package io.instanceconsole.testing;

import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;

import java.util.List;

/** A real backend with the calls a test wants to watch, hold or leave out overridden; everything else goes through. */
public abstract class ForwardingBackend implements ComputeBackend {
    private final ComputeBackend backend;

    protected ForwardingBackend(ComputeBackend backend) {
        this.backend = backend;
    }

    @Override
    public BackendKind kind() {
        return backend.kind();
    }

    @Override
    public List<Instance> list() {
        return backend.list();
    }

    @Override
    public Instance inspect(String instanceId) {
        return backend.inspect(instanceId);
    }

    @Override
    public void perform(Action action, String instanceId) {
        backend.perform(action, instanceId);
    }

    @Override
    public Capabilities capabilities() {
        return backend.capabilities();
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        return backend.subscribe(listener);
    }

    @Override
    public void close() {
        backend.close();
    }
}
