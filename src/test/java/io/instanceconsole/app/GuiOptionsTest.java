package io.instanceconsole.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuiOptionsTest {

    @Test
    void everydayArgumentsAreReadWithoutPicocliAndMeanTheSameAsWithIt() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("--data-dir", "/tmp/console"), List.of("--data-dir=/tmp/a b"))) {
            assertThat(GuiOptions.isPlain(args)).as(args.toString()).isTrue();
            GuiOptions picocli = new GuiOptions();
            new CommandLine(picocli).parseArgs(args.toArray(String[]::new));
            assertThat(GuiOptions.parse(args).dataDir()).as(args.toString()).isEqualTo(picocli.dataDir());
        }
    }

    @Test
    void helpVersionAndAnythingUnusualGoThroughPicocli() {
        for (List<String> args : List.of(List.of("--help"), List.of("-V"), List.of("--data-dir"), List.of("--data-dir="),
                List.of("--data-dir", "--help"), List.of("--data-dir", "a", "extra"), List.of("--unknown"))) {
            assertThat(GuiOptions.isPlain(args)).as(args.toString()).isFalse();
        }
    }
}
