package io.instanceconsole.app;

import io.instanceconsole.backend.lxd.LxdCli;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code instancectl} against the tests' LXD cluster over HTTPS: enrolment with a trust token, the server certificate
 * pinned through the same trust model as ssh host keys, and the refusals, each one line. The CLI runs inside the
 * cluster's loopback-only network namespace ({@code nsenter --net}), the only place its HTTPS addresses exist.
 */
class InstanceCtlLxdHttpsIT {
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    private static LxdCli lxc;
    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        lxc = new LxdCli(ProjectScripts.lxdCluster());
    }

    @Test
    void aTrustTokenEnrolsTheConsoleAndPinsTheServerItNames() throws Exception {
        Path data = dir.resolve("data");
        Result add = cli(data, "connections", "add", "cluster", "--lxd", lxc.httpsUri(), "--token",
                lxc.token("ic-enrol"));
        assertThat(add.exit).as(add.err).isZero();
        assertThat(add.out).contains("enrolled with LXD at 127.0.2.1:8443").contains("added connection 'cluster'");

        Result list = cli(data, "list", "--connection", "cluster");
        assertThat(list.exit).as(list.err).isZero();
        assertThat(list.out).contains("ic-base-1").contains("cluster/m1").contains("cluster/m2").contains("cluster/m3");

        Path key = data.resolve("lxd").resolve("client.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String keyText = Files.readString(key);
        assertThat(add.out + add.err + list.out + list.err).doesNotContain(keyText.lines().skip(1).findFirst().orElseThrow());
        assertThat(lxc.lxc("config", "trust", "list", "--format", "csv")).contains("ic-enrol");
    }

    @Test
    void anUnknownServerCertificateIsRefusedWithExitThreeUntilTheUserTrustsItsFingerprint() throws Exception {
        Path data = dir.resolve("data");
        Result add = cli(data, "connections", "add", "cluster", "--lxd", lxc.httpsUri(), "--token",
                lxc.token("ic-pin"));
        assertThat(add.exit).as(add.err).isZero();
        // member 2 answers with the cluster's certificate, but nobody has trusted it for this address yet
        Result second = cli(data, "connections", "add", "member2", "--lxd", "lxd+https://127.0.2.2:8443");
        assertThat(second.exit).as(second.err).isZero();

        Result refused = cli(data, "list", "--connection", "member2");
        assertThat(refused.exit).isEqualTo(3);
        assertThat(refused.err.strip().lines()).hasSize(1);
        assertThat(refused.err).contains("127.0.2.2:8443 is not trusted yet: TLS certificate SHA256:")
                .contains("connections trust member2 SHA256:");
        Matcher presented = FINGERPRINT.matcher(refused.err);
        assertThat(presented.find()).isTrue();

        Result wrong = cli(data, "connections", "trust", "member2", "SHA256:" + "A".repeat(43));
        assertThat(wrong.exit).isNotZero();
        assertThat(wrong.err).contains("nothing was trusted");

        Result trust = cli(data, "connections", "trust", "member2", presented.group());
        assertThat(trust.exit).as(trust.err).isZero();
        Result list = cli(data, "list", "--connection", "member2");
        assertThat(list.exit).as(list.err).isZero();
        assertThat(list.out).contains("member2/m3");
    }

    @Test
    void aUsedTokenAMissingProjectAndAUnixSocketWithATokenAreOneLineEachAndSaveNothing() throws Exception {
        String token = lxc.token("ic-once");
        Result first = cli(dir.resolve("one"), "connections", "add", "c", "--lxd", lxc.httpsUri(), "--token", token);
        assertThat(first.exit).as(first.err).isZero();

        Path other = dir.resolve("other");
        Result used = cli(other, "connections", "add", "c", "--lxd", lxc.httpsUri(), "--token", token);
        assertThat(used.exit).isNotZero();
        assertThat(used.err.strip().lines()).hasSize(1);
        assertThat(used.err).contains("refused the trust token");
        assertThat(cli(other, "connections", "list").out).doesNotContain("lxd+https");

        Result project = cli(other, "connections", "add", "p", "--lxd", lxc.httpsUri(), "--token",
                lxc.token("ic-project"), "--project", "no-such-project");
        assertThat(project.exit).isNotZero();
        assertThat(project.err.strip().lines()).hasSize(1);
        assertThat(project.err).contains("has no project 'no-such-project'");
        assertThat(cli(other, "connections", "list").out).doesNotContain("lxd+https");

        Result unix = cli(other, "connections", "add", "u", "--lxd", "lxd+unix://" + lxc.cluster().socket(), "--token", "x");
        assertThat(unix.exit).isEqualTo(2);
        assertThat(unix.err.strip()).isEqualTo("instancectl: --token is only for lxd+https:// connections ('lxd+unix://"
                + lxc.cluster().socket() + "' is a unix socket, trusted by its file permissions)");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(Path data, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + lxc.cluster().netns(), "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CliMain.class.getName(), "--data-dir", data.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
