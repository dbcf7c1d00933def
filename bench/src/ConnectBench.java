import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * ConnectBench allowed|blocked N [PORT]: times N connect attempts on this thread.
 * allowed: connect+close to a local server on 127.0.0.1 (started here); blocked: connect to
 * 127.0.0.2:PORT, which the benchmark's policy denies. Prints p50/p99/p99.9 in microseconds.
 */
public class ConnectBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        ServerSocket server = null;
        InetSocketAddress target;
        if (mode.equals("allowed")) {
            server = new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1"));
            ServerSocket s = server;
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        s.accept().close();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            target = new InetSocketAddress("127.0.0.1", server.getLocalPort());
        } else {
            target = new InetSocketAddress("127.0.0.2", Integer.parseInt(args[2]));
        }
        int warmup = Math.min(n, 2000);
        long[] times = new long[n];
        int blocked = 0;
        for (int i = -warmup; i < n; i++) {
            long t0 = System.nanoTime();
            try (Socket sock = new Socket()) {
                sock.connect(target, 1000);
            } catch (java.io.IOException e) {
                if (i >= 0 && e.getClass().getName().endsWith("EgressBlockedException")) {
                    blocked++;
                }
            }
            long t = System.nanoTime() - t0;
            if (i >= 0) {
                times[i] = t;
            }
        }
        Arrays.sort(times);
        System.out.printf("%s n=%d blocked=%d p50=%.1fus p99=%.1fus p99.9=%.1fus mean=%.1fus%n", mode, n, blocked,
                times[n / 2] / 1e3, times[(int) (n * 0.99)] / 1e3, times[(int) (n * 0.999)] / 1e3,
                Arrays.stream(times).average().orElse(0) / 1e3);
        if (server != null) {
            server.close();
        }
    }
}
