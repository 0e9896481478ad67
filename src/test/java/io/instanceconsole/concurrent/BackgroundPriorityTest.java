package io.instanceconsole.concurrent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundPriorityTest {
    @Test
    @EnabledOnOs(OS.LINUX)
    void workerThreadsRunAtTheBackgroundNiceValue() throws Exception {
        ExecutorService workers = new ConsoleThreads().pool("test-nice", 2, 4, ConsoleThreads.Priority.BACKGROUND);
        try {
            int workerNice = workers.submit(BackgroundPriorityTest::niceOfThisThread).get(10, TimeUnit.SECONDS);

            assertThat(niceOfThisThread()).as("the test runs at a normal priority").isLessThan(BackgroundPriority.NICE);
            assertThat(workerNice).isEqualTo(BackgroundPriority.NICE);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Field 19 of /proc/thread-self/stat, after the command name (which may hold spaces) in parentheses. */
    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(afterName[16]);
    }
}
