package ldnn.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The safetensors element types, declared in the reference implementation's order (increasing
 * alignment); its writer sorts tensors by this order descending, then by name. {@link #loadsAs}
 * says which ldnn tensor a dtype loads into, if any.
 */
enum SafeTensorsDtype {
    BOOL(1, Kind.INT),
    U8(1, Kind.INT),
    I8(1, Kind.INT),
    F8_E5M2(1, Kind.UNSUPPORTED),
    F8_E4M3(1, Kind.UNSUPPORTED),
    F8_E8M0(1, Kind.UNSUPPORTED),
    I16(2, Kind.INT),
    U16(2, Kind.INT),
    F16(2, Kind.FLOAT),
    BF16(2, Kind.FLOAT),
    I32(4, Kind.INT),
    U32(4, Kind.INT),
    F32(4, Kind.FLOAT),
    C64(8, Kind.UNSUPPORTED),
    F64(8, Kind.FLOAT),
    I64(8, Kind.INT),
    U64(8, Kind.INT);

    enum Kind { FLOAT, INT, UNSUPPORTED }

    final int size;
    final Kind loadsAs;

    SafeTensorsDtype(int size, Kind loadsAs) {
        this.size = size;
        this.loadsAs = loadsAs;
    }

    /** The dtype named s, or null. */
    static SafeTensorsDtype parse(String s) {
        for (SafeTensorsDtype d : values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        return null;
    }

    static String names(Kind kind) {
        return Arrays.stream(values()).filter(d -> kind == null || d.loadsAs == kind)
                .map(Enum::name).collect(Collectors.joining(", "));
    }
}
