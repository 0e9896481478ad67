import io.instanceconsole.app.AppContext;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.store.DataDirectory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The data directory the AOT-cache training run starts on (packaging/aot/train.sh; docs/decisions/0010-aot-cache.md):
 * one simulated host with COUNT instances, resynced once, so the training run paints a table read from the store, as
 * every start after the first one does. Run with the app's own jars, by the build's JDK in source-file mode:
 * {@code java -cp 'target/jpackage/input/*' packaging/aot/TrainingData.java DIR [COUNT]}.
 * Mirrors the start-up benchmark's data directory (test code: io.instanceconsole.app.BenchWindows.prepare).
 */
public final class TrainingData {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (AppContext context = AppContext.open(new DataDirectory(dir), Clock.systemUTC(), Map.of())) {
            // whatever first-start detection offered (a local Docker engine, libvirt) is not part of the training
            context.connections().findAll().forEach(c -> context.connections().remove(c.id()));
            context.connections().add(new Connection("training-fleet", "fleet", BackendKind.SIMULATOR,
                    "sim://fleet?count=" + count + "&latencyMs=0", "", false, true));
            context.connect(c -> true).orTimeout(5, TimeUnit.MINUTES).join();
            System.out.println("training data: " + context.known().all().size() + " cached instances in " + dir);
        }
    }
}
