package io.instanceconsole.app;

import io.instanceconsole.backend.docker.TlsEngine;
import io.instanceconsole.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code instancectl connections add … --tls-dir} and {@code list} against a real engine with mutual TLS. */
class InstanceCtlTlsIT {
    @TempDir
    Path dir;


    private CliRun ctl(String... args) {
        return CliRun.in(dir.resolve("data").toString(), Map.of(), args);
    }

    @Test
    void aTlsConnectionIsAddedAndListed() {
        TlsEngine engine = TlsEngine.start();
        engine.local().runDetached("tls-cli");
        try {
            assertThat(ctl("connections", "add", "secure", "--docker", engine.uri(),
                    "--tls-dir", engine.certs().good().toString()).code()).isEqualTo(ExitCode.OK);
            CliRun list = ctl("list");
            assertThat(list.code()).as(list.err()).isEqualTo(ExitCode.OK);
            assertThat(list.out()).contains("tls-cli");
        } finally {
            engine.local().docker("rm", "-f", "tls-cli");
        }
    }

    @Test
    void listExitsThreeWithOneLineNamingTheCaFileForAWrongCa() {
        TlsEngine engine = TlsEngine.start();
        Path wrongCa = engine.certs().wrongCa();
        assertThat(ctl("connections", "add", "wrong", "--docker", engine.uri(), "--tls-dir", wrongCa.toString()).code())
                .isEqualTo(ExitCode.OK);
        CliRun list = ctl("list");
        assertThat(list.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(list.err().lines().filter(l -> l.contains("'wrong'")).toList()).singleElement().asString()
                .startsWith("instancectl: ")
                .contains("is not signed by the CA in " + wrongCa.resolve("ca.pem"));
    }
}
