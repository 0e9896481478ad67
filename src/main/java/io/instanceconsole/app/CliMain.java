package io.instanceconsole.app;

import io.instanceconsole.cli.InstanceCtl;

/** Entry point of {@code instancectl}: the same services, store and journal as the GUI, no JavaFX. */
public final class CliMain {
    private CliMain() {
    }

    public static void main(String[] args) {
        System.setProperty("instanceconsole.log.level", "OFF");
        System.exit(InstanceCtl.run(args, new CliServicesFactory(), System.out, System.err));
    }
}
