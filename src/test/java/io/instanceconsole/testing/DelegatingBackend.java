package io.instanceconsole.testing;

import io.instanceconsole.backend.simulator.SimulatorBackend;

/** A real simulated host with the calls a test wants to watch or hold overridden; everything else goes through. */
public abstract class DelegatingBackend extends ForwardingBackend {
    private final SimulatorBackend delegate;

    protected DelegatingBackend(SimulatorBackend delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    public SimulatorBackend delegate() {
        return delegate;
    }
}
