package ldnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** NCHW <-> nChw16c conversions put every element where oneDNN's layout says, padding with zeros. */
class ChannelBlocksTest {

    @Test
    void matchTheLayoutDefinitionOnOddShapes() {
        int n = 3;
        for (int c : new int[] {1, 5, 16, 20, 33}) {
            for (int hw : new int[] {1, 15, 16, 17, 40, 196}) {
                int cb = (c + 15) / 16, off = 7;
                float[] src = new float[off + n * c * hw];
                for (int i = 0; i < src.length; i++) {
                    src[i] = i * 0.5f + 1;
                }
                try (Arena arena = Arena.ofShared()) {
                    MemorySegment blocked = arena.allocate(4L * n * cb * 16 * hw);
                    blocked.fill((byte) 0x7f); // garbage that must be overwritten, padding included
                    ChannelBlocks.toBlocked(src, off, n, c, hw, blocked);
                    for (int s = 0; s < n; s++) {
                        for (int ch = 0; ch < cb * 16; ch++) {
                            for (int p = 0; p < hw; p++) {
                                long at = ((long) (s * cb + ch / 16) * hw + p) * 16 + ch % 16;
                                float want = ch < c ? src[off + (s * c + ch) * hw + p] : 0f;
                                assertEquals(want, blocked.getAtIndex(ValueLayout.JAVA_FLOAT, at),
                                        "c=" + c + " hw=" + hw + " sample " + s + " channel " + ch + " pixel " + p);
                            }
                        }
                    }
                    float[] back = new float[off + n * c * hw + 5];
                    ChannelBlocks.fromBlocked(blocked, n, c, hw, back, off);
                    for (int i = 0; i < n * c * hw; i++) {
                        assertEquals(src[off + i], back[off + i], "round trip c=" + c + " hw=" + hw + " at " + i);
                    }
                    assertEquals(0f, back[off + n * c * hw], "wrote past the end");
                    assertEquals(0f, back[off - 1], "wrote before the start");
                }
            }
        }
    }
}
