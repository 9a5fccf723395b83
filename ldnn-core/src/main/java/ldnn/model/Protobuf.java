package ldnn.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers writer: the wire format (varints, length-delimited fields, packed
 * numbers) for the few ONNX messages {@link OnnxExport} writes. Fields are written in the order called;
 * a nested message is a {@code Protobuf} written with {@link #message}.
 */
final class Protobuf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** An int32/int64/enum/bool field (varint; negative numbers as 10-byte two's complement). */
    Protobuf integer(int field, long value) {
        tag(field, 0);
        varint(value);
        return this;
    }

    /** A float field (fixed 32 bits). */
    Protobuf float32(int field, float value) {
        tag(field, 5);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    /** A bytes field. */
    Protobuf bytes(int field, byte[] value) {
        tag(field, 2);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A string field (UTF-8). */
    Protobuf string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message field. */
    Protobuf message(int field, Protobuf m) {
        return bytes(field, m.toByteArray());
    }

    /** A packed repeated int64 field. */
    Protobuf packedLongs(int field, long... values) {
        Protobuf p = new Protobuf();
        for (long v : values) {
            p.varint(v);
        }
        return bytes(field, p.toByteArray());
    }

    /** Little-endian bytes of floats (ONNX raw_data). */
    static byte[] raw(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** Little-endian bytes of longs (ONNX raw_data for int64 tensors). */
    static byte[] raw(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b.array();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
