package ai.deepj.train.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTest {
    @TempDir
    Path dir;

    private static final InstantSource AT_256_5 = InstantSource.fixed(Instant.ofEpochSecond(256, 500_000_000));

    @Test
    void writesTheSameBytesAsAnotherPublishedWriter() throws Exception {
        // The expected bytes are the test vector of tensorboard_logger's test_serialization
        // (github.com/TeamHG-Memex/tensorboard_logger, tests/test_tensorboard_logger.py): wall time
        // 256.5, the version record, then "v/1" = 1.5 at step 1 and "v/22" = 16.0 at step 2.
        byte[] expected = HexFormat.of().parseHex(
                "1800000000000000a37f4b220900000000000870401a0d627261696e2e4576656e743a32bc98212b"
                + "19000000000000008bf1082809000000000008704010012a0c0a0a0a03762f31150000c03f2cecc087"
                + "1a00000000000000129bd82d09000000000008704010022a0d0a0b0a04762f323215000080418fa3b688");
        Path file;
        try (SummaryWriter w = new SummaryWriter(dir, AT_256_5)) {
            w.addScalar("v/1", 1.5, 1);
            w.addScalar("v/22", 16.0, 2);
            file = w.file();
        }
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents.256."), file.toString());
    }

    @Test
    void crc32cAndItsMaskMatchTheKnownValues() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue(), "the standard CRC-32C check value");
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(EventFileReader.masked(b), TfRecord.maskedCrc32c(b, 0, b.length));
    }

    @Test
    void scalarsAndHistogramsReadBackThroughAnIndependentDecoder() throws Exception {
        Path file;
        try (SummaryWriter w = new SummaryWriter(dir.resolve("run1"), AT_256_5)) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss/train", 0.25);
            m.put("loss/dev", 0.0);   // 0.0 is inside a oneof, so it must still be written
            w.addScalars(m, 0);
            w.addScalar("lr", Double.NaN, 3_000_000_000L);
            w.addHistogram("w", new double[] {0, 1, 1, 2, 3, 4}, 7, 4);
            file = w.file();
        }
        List<EventFileReader.Event> events = EventFileReader.events(file);
        assertEquals(4, events.size());
        assertEquals(new EventFileReader.Event(256.5, 0, "brain.Event:2", List.of()), events.get(0));

        EventFileReader.Event scalars = events.get(1);
        assertEquals(256.5, scalars.wallTime());
        assertEquals(0, scalars.step());
        assertNull(scalars.fileVersion());
        assertEquals(List.of(new EventFileReader.Value("loss/train", 0.25f, null), new EventFileReader.Value("loss/dev", 0.0f, null)),
                scalars.values());

        EventFileReader.Event nan = events.get(2);
        assertEquals(3_000_000_000L, nan.step(), "a step past 2^31 survives (int64 varint)");
        assertTrue(Float.isNaN(nan.values().get(0).simpleValue()));

        EventFileReader.Histo h = events.get(3).values().get(0).histo();
        assertEquals("w", events.get(3).values().get(0).tag());
        assertEquals(7, events.get(3).step());
        assertEquals(0, h.min());
        assertEquals(4, h.max());
        assertEquals(6, h.num());
        assertEquals(11, h.sum());
        assertEquals(31, h.sumSquares());
        // Four buckets of width 1: [0,1) [1,2) [2,3) [3,4]
        assertArrayEquals(new double[] {1, 2, 3, 4}, h.bucketLimit());
        assertArrayEquals(new double[] {1, 2, 1, 2}, h.bucket());
    }

    @Test
    void theReaderDetectsACorruptedRecord() throws Exception {
        Path file;
        try (SummaryWriter w = new SummaryWriter(dir, AT_256_5)) {
            w.addScalar("loss", 0.5, 1);
            file = w.file();
        }
        byte[] good = Files.readAllBytes(file);
        assertEquals(2, EventFileReader.records(file).size());

        byte[] flippedData = good.clone();
        flippedData[good.length - 6] ^= 0x01;   // inside the last record's data (the float)
        Files.write(file, flippedData);
        var e = assertThrows(EventFileReader.CorruptRecordException.class, () -> EventFileReader.records(file));
        assertTrue(e.getMessage().endsWith("data CRC mismatch"), e.getMessage());

        byte[] flippedLength = good.clone();
        flippedLength[0] ^= 0x01;
        Files.write(file, flippedLength);
        e = assertThrows(EventFileReader.CorruptRecordException.class, () -> EventFileReader.records(file));
        assertEquals("record at byte 0: length CRC mismatch", e.getMessage());

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 2));
        e = assertThrows(EventFileReader.CorruptRecordException.class, () -> EventFileReader.records(file));
        assertTrue(e.getMessage().endsWith("truncated data"), e.getMessage());
    }

    @Test
    void flushMakesRecordsVisibleBeforeClose() throws Exception {
        try (SummaryWriter w = new SummaryWriter(dir)) {
            long before = Files.size(w.file());
            w.addScalar("a", 1, 1);
            w.flush();
            assertTrue(Files.size(w.file()) > before);
            assertEquals(2, EventFileReader.records(w.file()).size());
            double wall = EventFileReader.events(w.file()).get(1).wallTime();
            assertTrue(Math.abs(wall - System.currentTimeMillis() / 1000.0) < 60, "wall time is now: " + wall);
        }
    }

    @Test
    void twoWritersInOneSecondGetTwoFiles() throws Exception {
        try (SummaryWriter a = new SummaryWriter(dir, AT_256_5); SummaryWriter b = new SummaryWriter(dir, AT_256_5)) {
            assertNotEquals(a.file(), b.file());
            assertTrue(b.file().getFileName().toString().contains("tfevents"));
        }
    }

    @Test
    void refusesBadInputAndUseAfterClose() throws Exception {
        SummaryWriter w = new SummaryWriter(dir, AT_256_5);
        var e = assertThrows(IllegalArgumentException.class, () -> w.addScalar(" ", 1, 1));
        assertEquals("SummaryWriter: a tag must be a non-blank string, got ' '", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.addScalar("a", 1, -1));
        assertEquals("SummaryWriter: step must be >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.addHistogram("w", new double[] {1, Double.NaN}, 1));
        assertEquals("SummaryWriter.addHistogram('w'): value 1 of 2 is NaN; a histogram needs finite values (log the NaN count as a scalar instead)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.addHistogram("w", new double[0], 1));
        assertEquals("SummaryWriter.addHistogram('w'): no values to make a histogram of", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.addScalars(Map.of(), 1));
        w.close();
        w.close();
        var s = assertThrows(IllegalStateException.class, () -> w.addScalar("a", 1, 1));
        assertTrue(s.getMessage().endsWith(" is closed"), s.getMessage());
        assertEquals(1, EventFileReader.records(w.file()).size(), "only the version record; nothing bad was written");
    }

    @Test
    void aConstantHistogramHasOneBucket() {
        Histogram h = Histogram.of("t", new double[] {2, 2, 2}, 10);
        assertArrayEquals(new double[] {2}, h.bucketLimits());
        assertArrayEquals(new double[] {3}, h.bucketCounts());
    }
}
