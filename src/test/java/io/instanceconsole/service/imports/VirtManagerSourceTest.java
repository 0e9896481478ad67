package io.instanceconsole.service.imports;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.service.imports.ImportSource.Found;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where virt-manager's saved URIs are read from, in order: {@code gsettings get}; when it does not know the schema,
 * the keyfile backend's file; else {@code dconf read}. The tools here are stand-ins on a PATH of the test's own
 * (shell scripts printing what a test says), so each way is taken on purpose; the real gsettings is
 * {@code ConnectionImportTest}'s.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in tools are POSIX shell scripts")
class VirtManagerSourceTest {
    private static final String GROUP = "[org/virt-manager/virt-manager/connections]";

    @TempDir
    Path dir;

    private Path bin;
    private Path home;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void emptyHome() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        home = Files.createDirectories(dir.resolve("home"));
        env.put("PATH", bin.toString());
        env.put("HOME", home.toString());
    }

    /** A stand-in for a tool: prints {@code output} and exits with {@code exit}. */
    private void tool(String name, String output, int exit) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"" + output.replace("\"", "\\\"") + "\"\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path keyfile(Path configHome, String... lines) throws IOException {
        Path file = configHome.resolve("glib-2.0").resolve("settings").resolve("keyfile");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private VirtManagerSource source() {
        return new VirtManagerSource(env);
    }

    @Test
    void gsettingsIsAskedFirstAndEachUriIsNamedByItsHostOrDriver() throws IOException {
        tool("gsettings", "['qemu:///system', 'qemu+ssh://root@lab2/system']", 0);
        tool("dconf", "['test:///default']", 0);
        VirtManagerSource source = source();

        List<Found> found = source.find();

        String origin = "gsettings org.virt-manager.virt-manager.connections uris";
        assertThat(found).containsExactly(
                new Found("qemu-system", BackendKind.LIBVIRT, "qemu:///system", "", origin, null, null),
                new Found("lab2", BackendKind.LIBVIRT, "qemu+ssh://root@lab2/system", "", origin, null, null));
        assertThat(source.describe()).isEqualTo("virt-manager's saved URIs (" + origin + ")");
        assertThat(source.key()).isEqualTo(ConnectionImport.VIRT_MANAGER);
    }

    @Test
    void withoutVirtManagersSchemaTheKeyfileBackendsFileIsRead() throws IOException {
        tool("gsettings", "No such schema", 1);
        env.put("GSETTINGS_BACKEND", "keyfile");
        Path file = keyfile(home.resolve(".config"),
                "[org/other/app]", "uris=['qemu:///wrong']",
                GROUP, "urisx=['qemu:///wrong']", "uris = ['test:///default']", "[org/later]", "uris=['qemu:///late']");

        VirtManagerSource source = source();
        List<Found> found = source.find();

        String origin = file + " [org/virt-manager/virt-manager/connections] uris";
        assertThat(found).containsExactly(new Found("test-default", BackendKind.LIBVIRT, "test:///default", "", origin, null, null));
        assertThat(source.describe()).isEqualTo("virt-manager's saved URIs (" + origin + ")");
    }

    @Test
    void theKeyfileIsReadWhenItExistsWhateverTheBackendAndUnderXdgConfigHome() throws IOException {
        Path config = Files.createDirectories(dir.resolve("xdg"));
        env.put("XDG_CONFIG_HOME", config.toString());
        keyfile(config, GROUP, "uris=['qemu:///session']");
        keyfile(home.resolve(".config"), GROUP, "uris=['qemu:///home']");
        tool("dconf", "['qemu:///dconf']", 0);

        assertThat(source().find()).extracting(Found::uri).containsExactly("qemu:///session");

        env.put("XDG_CONFIG_HOME", " ");
        assertThat(source().find()).extracting(Found::uri).containsExactly("qemu:///home");
    }

    @Test
    void aKeyfileWithoutTheKeyFindsNothing() throws IOException {
        env.put("GSETTINGS_BACKEND", "keyfile");
        keyfile(home.resolve(".config"), "[org/other/app]", "uris=['qemu:///wrong']", GROUP, "other=1");

        assertThat(source().find()).isEmpty();

        env.put("XDG_CONFIG_HOME", dir.resolve("nowhere").toString());
        assertThat(source().find()).isEmpty(); // the keyfile backend, and no file at all
    }

    @Test
    void otherwiseDconfIsAsked() throws IOException {
        tool("dconf", "['qemu+ssh://root@lab3/system']", 0);
        VirtManagerSource source = source();

        List<Found> found = source.find();

        String origin = "dconf /org/virt-manager/virt-manager/connections/uris";
        assertThat(found).containsExactly(new Found("lab3", BackendKind.LIBVIRT, "qemu+ssh://root@lab3/system", "", origin,
                null, null));
        assertThat(source.describe()).isEqualTo("virt-manager's saved URIs (" + origin + ")");
    }

    @Test
    void nothingIsFoundWhenNoToolAnswersOrTheListIsEmpty() throws IOException {
        assertThat(source().find()).isEmpty(); // no gsettings, no keyfile, no dconf

        tool("dconf", "['qemu:///from-a-failed-read']", 1); // what a failing tool prints is not the setting
        assertThat(source().find()).isEmpty();

        tool("dconf", "   ", 0);
        assertThat(source().find()).isEmpty();

        tool("gsettings", "@as []", 0);
        assertThat(source().find()).isEmpty();
    }

    @Test
    void aValueThatIsNotAListOfStringsIsOneProblemNamingWhereItWasRead() throws IOException {
        tool("gsettings", "'qemu:///system'", 0);

        String origin = "gsettings org.virt-manager.virt-manager.connections uris";
        assertThat(source().find()).containsExactly(Found.bad("virt-manager", BackendKind.LIBVIRT, origin,
                origin + " is not a list of strings (not an array): 'qemu:///system'"));
    }

    @Test
    void theToolsRunWithExactlyTheGivenEnvironment() throws IOException {
        // the console's own environment (its HOME among it) is not the user's tools'
        env.remove("HOME");
        env.put("XDG_CONFIG_HOME", dir.resolve("nowhere").toString());
        Path script = bin.resolve("gsettings");
        Files.writeString(script, "#!/bin/sh\nprintf \"['%s', '%s']\\n\" \"${HOME:-no home}\" \"$MARK\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("MARK", "test:///marked");

        assertThat(source().find()).extracting(Found::uri).containsExactly("no home", "test:///marked");
    }

    @ParameterizedTest(name = "{0} is named {1}")
    @CsvSource({
            "qemu:///system,                        qemu-system",
            "qemu+ssh://root@lab2/system,           lab2",
            "qemu+tls://lab3.example.org:16514/system, lab3.example.org",
            "test:///default,                       test-default",
            "xen:///,                               xen",
            "lxc:///a/b/,                           lxc-a-b",
            "/just/a/path,                          libvirt-just-a-path",
            "qemu:///sys tem,                       qemu:///sys tem",
            "qemu:///a very long path that is not a valid URI at all, qemu:///a very long path that is not a v",
    })
    void aUriIsNamedByItsHostOrElseItsDriverAndPath(String uri, String name) {
        assertThat(VirtManagerSource.nameOf(uri)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "['a']                 | [a]",
            "[ 'a' , \"b\" ]       | [a, b]",
            "['a','b',]            | [a, b]",
            "@as ['a']             | [a]",
            "['it\\'s', \"say \\\"hi\\\"\"] | [it's, say \"hi\"]",
            "['back\\\\slash']     | [back\\slash]",
            "[]                    | []",
            "[ ]                   | []",
    })
    void gvariantStringArraysAreReadAsGsettingsPrintsThem(String text, String values) {
        assertThat(VirtManagerSource.GVariantStrings.parse(text).toString()).isEqualTo(values);
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "'a'          | not an array",
            "['a'         | not an array",
            "[a]          | expected a quoted string at 1",
            "['a' 'b']    | expected ',' at 5",
            "['a', b]     | expected a quoted string at 6",
            "['a]         | unterminated string",
            "['a\\']      | unterminated string",
    })
    void anythingElseIsRefusedSayingWhere(String text, String message) {
        assertThatThrownBy(() -> VirtManagerSource.GVariantStrings.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
