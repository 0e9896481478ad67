package io.instanceconsole.backend;

/** Receives live changes from a backend. Called on a backend-owned thread; must not block. */
@FunctionalInterface
public interface BackendListener {
    void onEvent(BackendEvent event);
}
