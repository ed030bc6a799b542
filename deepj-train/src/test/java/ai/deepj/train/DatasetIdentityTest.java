package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.deepj.data.Batch;
import ai.deepj.data.Dataset;
import ai.deepj.data.TensorDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void anyDataSetHashesLikeItsTensorsAndAnyChangeShows() {
        TensorDataset data = TrainFixtures.blobs(5000, 1);   // more than one chunk of 4096
        Dataset opaque = new Dataset() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public Batch get(int[] indices) {
                return data.get(indices);
            }
        };
        DatasetIdentity a = DatasetIdentity.of("blobs", data), b = DatasetIdentity.of("blobs", opaque);
        assertEquals(a, b);
        assertEquals(DatasetIdentity.ofTensors("blobs", data.x(), data.y()), a);
        assertEquals(5000, a.examples());
        assertNotEquals(a.sha256(), DatasetIdentity.of("blobs", TrainFixtures.blobs(5000, 2)).sha256());
        assertNotEquals(a.sha256(), DatasetIdentity.ofTensors("blobs", data.x()).sha256(), "the labels count");
        assertEquals(a.sha256().substring(0, 12), a.shortHash());
    }

    @Test
    void theTensorFingerprintIsTheDocumentedOne() throws Exception {
        // one float32 tensor [2] = {1, 2}: sha256("float32 [2]\n" + sha256(le bytes of 1f, 2f))
        DatasetIdentity id = DatasetIdentity.ofTensors("two", ai.deepj.tensor.Tensor.of(new float[] {1, 2}, 2));
        MessageDigest inner = MessageDigest.getInstance("SHA-256");
        inner.update(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40});
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        outer.update("float32 [2]\n".getBytes(StandardCharsets.UTF_8));
        outer.update(inner.digest());
        assertEquals(HexFormat.of().formatHex(outer.digest()), id.sha256());
    }

    @Test
    void filesAreHashedByContentInOrder() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), "alpha"), b = Files.writeString(tmp.resolve("b.txt"), "beta");
        DatasetIdentity ab = DatasetIdentity.ofFiles("ab", 2, a, b);
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        all.update(MessageDigest.getInstance("SHA-256").digest("alpha".getBytes(StandardCharsets.UTF_8)));
        all.update(MessageDigest.getInstance("SHA-256").digest("beta".getBytes(StandardCharsets.UTF_8)));
        assertEquals(HexFormat.of().formatHex(all.digest()), ab.sha256());
        assertEquals("files: a.txt, b.txt", ab.source());
        assertNotEquals(ab.sha256(), DatasetIdentity.ofFiles("ba", 2, b, a).sha256());
    }
}
