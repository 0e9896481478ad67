package io.instanceconsole.testing;

import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;

import java.util.List;

/** A real simulated host with the calls a test wants to watch or hold overridden; everything else goes through. */
public abstract class DelegatingBackend implements ComputeBackend {
    private final SimulatorBackend delegate;

    protected DelegatingBackend(SimulatorBackend delegate) {
        this.delegate = delegate;
    }

    public SimulatorBackend delegate() {
        return delegate;
    }

    @Override
    public BackendKind kind() {
        return delegate.kind();
    }

    @Override
    public List<Instance> list() {
        return delegate.list();
    }

    @Override
    public Instance inspect(String instanceId) {
        return delegate.inspect(instanceId);
    }

    @Override
    public void perform(Action action, String instanceId) {
        delegate.perform(action, instanceId);
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
