import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The few answers of a Docker Engine (API 1.41) that instancectl's AOT training needs, on a unix socket, so that the
 * installer build records the Docker adapter's classes (docker-java, its HTTP client, Jackson's mappings of a
 * container) without a real engine (docs/decisions/0018-instancectl-per-call-cost.md). One container, "training",
 * that pause and unpause change; an event stream that stays open and says nothing. Not an engine: anything else is
 * a 404. Run by packaging/aot/train.sh in source-file mode: {@code java TrainingDockerEngine.java SOCKET}; it serves
 * until it is killed. Each request gets its own connection ({@code Connection: close}).
 */
public final class TrainingDockerEngine {
    private static final String ID = "7a1f0c2e9b3d4c5a6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";
    private static volatile boolean paused;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java TrainingDockerEngine.java SOCKET");
            System.exit(2);
        }
        Path socket = Path.of(args[0]);
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("training docker engine on " + socket);
            System.out.flush();
            while (true) {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            }
        }
    }

    private static void serve(SocketChannel client) {
        try (client; InputStream in = Channels.newInputStream(client); OutputStream out = Channels.newOutputStream(client)) {
            String head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] request = head.substring(0, head.indexOf("\r\n")).split(" ");
            String method = request[0];
            String path = request[1].replaceFirst("^/v1\\.\\d+", "").replaceFirst("\\?.*$", "");
            String state = paused ? "paused" : "running";
            switch (method + " " + path) {
                case "GET /_ping", "HEAD /_ping" -> respond(out, 200, "text/plain", "OK");
                case "GET /version" -> respond(out, 200, "application/json", "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\","
                        + "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
                case "GET /info" -> respond(out, 200, "application/json", "{\"ID\":\"TRAINING:ENGINE\",\"Name\":\"training\"}");
                case "GET /containers/json" -> respond(out, 200, "application/json", "[{\"Id\":\"" + ID + "\",\"Names\":"
                        + "[\"/training\"],\"Image\":\"busybox\",\"ImageID\":\"sha256:0\",\"Command\":\"sleep\",\"Created\":"
                        + "1700000000,\"State\":\"" + state + "\",\"Status\":\"Up 1 second" + (paused ? " (Paused)" : "")
                        + "\",\"Labels\":{}}]");
                case "GET /events" -> stream(out);
                default -> {
                    if (path.equals("/containers/" + ID + "/json") || path.equals("/containers/training/json")) {
                        respond(out, 200, "application/json", inspect(state));
                    } else if (method.equals("POST") && path.matches("/containers/(" + ID + "|training)/(pause|unpause)")) {
                        paused = path.endsWith("/pause");
                        respond(out, 204, "text/plain", "");
                    } else {
                        respond(out, 404, "application/json", "{\"message\":\"no such thing in the training engine\"}");
                    }
                }
            }
        } catch (IOException e) {
            // the client went away (a closed event stream): nothing to do
        }
    }

    private static String inspect(String state) {
        return String.format(Locale.ROOT, "{\"Id\":\"%s\",\"Name\":\"/training\",\"Created\":\"2026-01-01T00:00:00.000000000Z\","
                + "\"Image\":\"sha256:0\",\"State\":{\"Status\":\"%s\",\"Running\":true,\"Paused\":%s,\"Restarting\":false,"
                + "\"OOMKilled\":false,\"Dead\":false,\"Pid\":1,\"ExitCode\":0,\"Error\":\"\",\"StartedAt\":"
                + "\"2026-01-01T00:00:01.000000000Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"},\"Config\":{\"Image\":"
                + "\"busybox\",\"Labels\":{}},\"HostConfig\":{},\"NetworkSettings\":{},\"Mounts\":[]}", ID, state, paused);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void respond(OutputStream out, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String reason = status == 200 ? "OK" : status == 204 ? "No Content" : "Not Found";
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nApi-Version: 1.41\r\nContent-Type: " + type
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** An event stream that says nothing until the client closes it. */
    private static void stream(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
