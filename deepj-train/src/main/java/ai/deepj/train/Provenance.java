package ai.deepj.train;

import ai.deepj.Deepj;
import java.net.InetAddress;
import java.time.Instant;

/**
 * Where and from what a checkpoint came: the library, Java and operating-system versions, the host,
 * the time, and the identity of the training (and dev) data. Written into every checkpoint.
 *
 * @param deepj      {@link Deepj#version()}
 * @param java       {@link Runtime#version()}
 * @param javaVendor the {@code java.vendor} property
 * @param os         {@code os.name} and {@code os.version}
 * @param arch       {@code os.arch}
 * @param host       the host name ({@code "unknown"} if it cannot be found)
 * @param time       when, ISO-8601
 * @param train      the training data
 * @param dev        the dev data, or null
 */
public record Provenance(String deepj, String java, String javaVendor, String os, String arch, String host, String time,
        DatasetIdentity train, DatasetIdentity dev) {

    /** This process's facts, now. */
    public static Provenance current(DatasetIdentity train, DatasetIdentity dev) {
        return new Provenance(Deepj.version(), Runtime.version().toString(), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"), hostName(),
                Instant.now().toString(), train, dev);
    }

    /** The environment's name for this machine first (instant), then the resolver's. */
    private static String hostName() {
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String h = System.getenv(var);
            if (h != null && !h.isBlank()) return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
