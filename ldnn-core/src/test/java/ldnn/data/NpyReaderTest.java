package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
    @TempDir
    Path dir;

    private Path npy(String name, byte[] bytes) throws IOException {
        return TestFiles.write(dir.resolve(name), bytes, false);
    }

    @Test
    void readsEverySupportedDtype() throws IOException {
        NpyArray f4 = NpyReader.read(npy("f4.npy", TestFiles.npy("<f4", false, "(2, 2)",
                TestFiles.floats(ByteOrder.LITTLE_ENDIAN, 1.5f, -2, 3, 4), 1)));
        assertArrayEquals(new int[] {2, 2}, f4.shape());
        assertArrayEquals(new float[] {1.5f, -2, 3, 4}, f4.floats());

        NpyArray f8 = NpyReader.read(npy("f8.npy", TestFiles.npy("<f8", false, "(3,)", TestFiles.doubles(0.25, 1e10, -7), 1)));
        assertArrayEquals(new float[] {0.25f, 1e10f, -7f}, f8.floats());

        NpyArray i4 = NpyReader.read(npy("i4.npy", TestFiles.npy("<i4", false, "(2,)", TestFiles.ints(-3, 9), 1)));
        assertArrayEquals(new int[] {-3, 9}, i4.ints());
        assertTrue(i4.isInteger());

        NpyArray i8 = NpyReader.read(npy("i8.npy", TestFiles.npy("<i8", false, "(2,)", TestFiles.longs(5, -1), 1)));
        assertArrayEquals(new int[] {5, -1}, i8.ints());

        NpyArray u1 = NpyReader.read(npy("u1.npy", TestFiles.npy("|u1", false, "(3,)", new byte[] {0, 7, (byte) 255}, 1)));
        assertArrayEquals(new int[] {0, 7, 255}, u1.ints());

        NpyArray b1 = NpyReader.read(npy("b1.npy", TestFiles.npy("|b1", false, "(3,)", new byte[] {1, 0, 1}, 1)));
        assertArrayEquals(new int[] {1, 0, 1}, b1.ints());
        assertArrayEquals(new float[] {1, 0, 1}, b1.toTensor().toArray());

        NpyArray big = NpyReader.read(npy("be.npy", TestFiles.npy(">f4", false, "(2,)",
                TestFiles.floats(ByteOrder.BIG_ENDIAN, 6.5f, -1), 2)));
        assertArrayEquals(new float[] {6.5f, -1}, big.floats(), "big-endian, format version 2");

        NpyArray scalar = NpyReader.read(npy("s.npy", TestFiles.npy("<f4", false, "()",
                TestFiles.floats(ByteOrder.LITTLE_ENDIAN, 42), 1)));
        assertEquals(0, scalar.shape().length);
        assertEquals(42f, scalar.toTensor().item());
    }

    @Test
    void fortranOrderArraysAreReorderedToCOrder() throws IOException {
        // the 2x3 matrix [[1,2,3],[4,5,6]] stored column by column
        NpyArray a = NpyReader.read(npy("f.npy", TestFiles.npy("<i4", true, "(2, 3)", TestFiles.ints(1, 4, 2, 5, 3, 6), 1)));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, a.ints());
        // a 2x2x2 array: element (i,j,k) = 100i + 10j + k, Fortran storage has i fastest
        int[] fortran = new int[8];
        for (int k = 0, p = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    fortran[p++] = 100 * i + 10 * j + k;
                }
            }
        }
        NpyArray b = NpyReader.read(npy("f3.npy", TestFiles.npy("<i4", true, "(2, 2, 2)", TestFiles.ints(fortran), 1)));
        assertArrayEquals(new int[] {0, 1, 10, 11, 100, 101, 110, 111}, b.ints());
    }

    @Test
    void malformedFilesAreClearErrors() throws IOException {
        Path notNpy = npy("x.npy", "PK\u0003\u0004 hello".getBytes());
        var e1 = assertThrows(DataFileException.class, () -> NpyReader.read(notNpy));
        assertTrue(e1.getMessage().contains(notNpy.toString()) && e1.getMessage().contains("not a .npy file"), e1.getMessage());

        Path structured = npy("st.npy", TestFiles.npyWithHeader("{'descr': [('a', '<f4')], 'fortran_order': False, "
                + "'shape': (1,), }", new byte[4], 1));
        var e2 = assertThrows(DataFileException.class, () -> NpyReader.read(structured));
        assertTrue(e2.getMessage().contains("structured dtypes are not supported"), e2.getMessage());

        Path complex = npy("c.npy", TestFiles.npy("<c8", false, "(1,)", new byte[8], 1));
        var e3 = assertThrows(DataFileException.class, () -> NpyReader.read(complex));
        assertTrue(e3.getMessage().contains("expected a dtype among f4, f8") && e3.getMessage().contains("'<c8'"),
                e3.getMessage());

        byte[] full = TestFiles.npy("<f4", false, "(4,)", TestFiles.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4), 1);
        Path cut = npy("cut.npy", Arrays.copyOf(full, full.length - 6));
        var e4 = assertThrows(DataFileException.class, () -> NpyReader.read(cut));
        assertTrue(e4.getMessage().contains("offset 128: expected 16 bytes of <f4 data for shape [4], found only 10"),
                e4.getMessage());

        Path hugeInt = npy("h.npy", TestFiles.npy("<i8", false, "(1,)", TestFiles.longs(1L << 40), 1));
        assertThrows(DataFileException.class, () -> NpyReader.read(hugeInt));
    }

    @Test
    void cutHeadersAndHugeShapesAreClearErrorsNotCrashes() throws IOException {
        // (fuzzing findings) the magic and version, then nothing: the header length was read from an empty array
        Path cut = npy("cut.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        var e1 = assertThrows(DataFileException.class, () -> NpyReader.read(cut));
        assertTrue(e1.getMessage().contains("offset 8: expected a 4-byte header length, found 0 bytes (file truncated)"),
                e1.getMessage());
        Path noVersion = npy("v.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        assertTrue(assertThrows(DataFileException.class, () -> NpyReader.read(noVersion)).getMessage()
                .contains("offset 6: expected a 2-byte format version, found 0 bytes"));
        // a 4-byte header length of 3 GB (negative as an int)
        Path longHeader = npy("h.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0, 0, 0, 0, (byte) 0xC0});
        assertTrue(assertThrows(DataFileException.class, () -> NpyReader.read(longHeader)).getMessage()
                .contains("expected a header of at most 65536 bytes, found 3221225472"));
        // sizes whose product overflows a long into a small count
        Path huge = npy("s.npy", TestFiles.npy("<f4", false, "(4294967296, 4294967296, 4294967296, 4)", new byte[16], 1));
        assertTrue(assertThrows(DataFileException.class, () -> NpyReader.read(huge)).getMessage()
                .contains("header shape"));
        Path big = npy("b.npy", TestFiles.npy("<f8", false, "(2147483647, 2147483647, 2)", new byte[16], 1));
        var e2 = assertThrows(DataFileException.class, () -> NpyReader.read(big));
        assertTrue(e2.getMessage().contains("header: expected at most 2 GiB of data (what one array holds), found shape"
                + " [2147483647, 2147483647, 2] of <f8"), e2.getMessage());
    }

    @Test
    void npzArchivesStoredAndDeflatedLoadAsADataset() throws IOException {
        for (boolean deflate : new boolean[] {false, true}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("x", TestFiles.npy("<f4", false, "(3, 2)",
                    TestFiles.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6), 1));
            entries.put("y", TestFiles.npy("<i8", false, "(3,)", TestFiles.longs(0, 2, 1), 1));
            entries.put("t", TestFiles.npy("<f8", false, "(3,)", TestFiles.doubles(0.5, 1.5, 2.5), 1));
            Path f = TestFiles.npz(dir.resolve("d" + deflate + ".npz"), entries, deflate);
            assertEquals(java.util.List.of("x", "y", "t"), java.util.List.copyOf(NpzReader.read(f).keySet()));
            Dataset cls = NpzReader.readDataset(f, "x", "y");
            assertArrayEquals(new int[] {0, 2, 1}, cls.labels().data());
            assertArrayEquals(new int[] {3, 2}, cls.x().shape());
            Dataset reg = NpzReader.readDataset(f, "x", "t");
            assertFalse(reg.isClassification());
            assertArrayEquals(new int[] {3, 1}, reg.targets().shape());
            var e = assertThrows(DataFileException.class, () -> NpzReader.readDataset(f, "x", "labels"));
            assertTrue(e.getMessage().contains("expected an array named 'labels', found arrays [x, y, t]"), e.getMessage());
        }
    }

    @Test
    void badNpzArchivesNameTheEntryOrSayItIsNotAZip() throws IOException {
        Path notZip = npy("n.npz", "just text".getBytes());
        var e1 = assertThrows(DataFileException.class, () -> NpzReader.read(notZip));
        assertTrue(e1.getMessage().contains("expected a zip archive"), e1.getMessage());

        Map<String, byte[]> entries = Map.of("x", "garbage!".getBytes());
        Path bad = TestFiles.npz(dir.resolve("b.npz"), entries, true);
        var e2 = assertThrows(DataFileException.class, () -> NpzReader.read(bad));
        assertTrue(e2.getMessage().contains("entry 'x.npy', offset 0"), e2.getMessage());

        Map<String, byte[]> mismatched = new LinkedHashMap<>();
        mismatched.put("x", TestFiles.npy("<f4", false, "(2,)", TestFiles.floats(ByteOrder.LITTLE_ENDIAN, 1, 2), 1));
        mismatched.put("y", TestFiles.npy("<i4", false, "(3,)", TestFiles.ints(0, 1, 0), 1));
        Path mm = TestFiles.npz(dir.resolve("mm.npz"), mismatched, false);
        var e3 = assertThrows(DataFileException.class, () -> NpzReader.readDataset(mm, "x", "y"));
        assertTrue(e3.getMessage().contains("the same leading size"), e3.getMessage());
    }
}
