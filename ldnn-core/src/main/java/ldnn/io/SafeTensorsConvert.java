package ldnn.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Little-endian tensor data to Java arrays: bulk copies for F32 and I32, simple loops for conversions. */
final class SafeTensorsConvert {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SafeTensorsConvert() {}

    static float[] floats(SafeTensorsDtype dtype, MemorySegment data, int n) {
        float[] out = new float[n];
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, F32, 0, out, 0, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.getAtIndex(F64, i); // round to nearest; beyond float range: infinity
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(data.getAtIndex(I16, i)); // exact
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((data.getAtIndex(I16, i) & 0xffff) << 16); // exact: the top half of a float
                }
            }
            default -> throw new IllegalStateException(dtype + " is not a float dtype");
        }
        return out;
    }

    static int[] ints(Path file, SafeTensorsHeader.Entry entry, MemorySegment data) throws FileFormatException {
        int n = entry.numel();
        int[] out = new int[n];
        switch (entry.dtype()) {
            case I32 -> MemorySegment.copy(data, I32, 0, out, 0, n);
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.getAtIndex(I16, i);
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.getAtIndex(I16, i) & 0xffff;
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_BYTE, i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_BYTE, i) & 0xff;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
                }
            }
            case U32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = checked(file, entry, i, data.getAtIndex(I32, i) & 0xffffffffL, false);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = checked(file, entry, i, data.getAtIndex(I64, i), false);
                }
            }
            case U64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = checked(file, entry, i, data.getAtIndex(I64, i), true);
                }
            }
            default -> throw new IllegalStateException(entry.dtype() + " is not an int dtype");
        }
        return out;
    }

    /** Narrowing to int must not wrap silently: a label of 2^32 + 3 is corruption, not class 3. */
    private static int checked(Path file, SafeTensorsHeader.Entry entry, int index, long value, boolean unsigned)
            throws FileFormatException {
        if ((unsigned && value < 0) || value != (int) value) {
            throw new FileFormatException(file, "tensor '" + entry.name() + "' (" + entry.dtype() + ") element " + index
                    + " is " + (unsigned ? Long.toUnsignedString(value) : Long.toString(value))
                    + ", outside the int range ldnn loads it into");
        }
        return (int) value;
    }
}
