package io.instanceconsole.backend.lxd;

import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * An IT against the tests' 3-member LXD cluster (.ci/lxd-cluster.sh, started if it is not running): each test has a
 * console of its own (the real service stack over a fresh data directory), and the instances it launched with
 * {@link #lxc} are deleted after it.
 */
abstract class LxdClusterTest {
    static final String[] MEMBERS = {"m1", "m2", "m3"};
    static LxdCli lxc;
    @TempDir
    Path dataDir;
    ServiceFixture console;

    @BeforeAll
    static void startCluster() {
        lxc = new LxdCli(ProjectScripts.lxdCluster());
    }

    @BeforeEach
    void openConsole() {
        console = new ServiceFixture(dataDir.resolve("data"));
    }

    @AfterEach
    void closeConsoleAndDeleteInstances() {
        console.close();
        lxc.removeCreated();
    }
}
