package io.instanceconsole.cli;

import picocli.CommandLine;

/** The version from the jar manifest (set by the build), with Java and JavaFX versions. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"Instance Console " + version(), "Java " + System.getProperty("java.version")};
    }

    public static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
