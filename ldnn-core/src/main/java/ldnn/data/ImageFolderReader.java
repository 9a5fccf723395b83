package ldnn.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * Reads an image-classification folder: one subfolder per class (class names are the sorted subfolder
 * names), PNG or JPEG files inside (sorted by name, other files ignored). Result: x [n, C, H, W] with
 * values 0..255, C = 1 when every image is grayscale, else 3 (grayscale images are then repeated over
 * the three channels; alpha is dropped). All images must have the first image's size unless
 * {@link #resizeTo} is set, which resizes every image bilinearly.
 */
public final class ImageFolderReader {

    /** A reader that requires every image to have the first image's size. */
    public ImageFolderReader() {
    }

    /**
     * Bytes a decoded pixel may take at once: the decoder's raster (16-bit RGBA at most), three float
     * planes, and their copy in the data set's tensor.
     */
    private static final int DECODE_BYTES_PER_PIXEL = 8 + 3 * 4 + 3 * 4;

    private int height = -1, width = -1;

    /** Resizes every image to height x width (bilinear) instead of requiring one size. */
    public ImageFolderReader resizeTo(int h, int w) {
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("resizeTo: expected positive sizes, got " + h + "x" + w);
        }
        height = h;
        width = w;
        return this;
    }

    private record Decoded(Path file, int label, int channels, int h, int w, float[] pixels) {}

    /** One decoded image: planar values 0..255, 1 channel for grayscale, else 3. */
    public record Image(int channels, int height, int width, float[] pixels) {
    }

    /** Decodes one PNG or JPEG file with the checks a folder's images get (format, size before decoding). */
    public static Image decodeFile(Path f) {
        Decoded d = decode(f, 0);
        return new Image(d.channels(), d.h(), d.w(), d.pixels());
    }

    /** Reads every class folder under {@code root} into one data set (class names: the folder names, sorted). */
    public Dataset read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root, "expected a folder with one subfolder per class, found "
                    + (Files.exists(root) ? "a file" : "nothing"));
        }
        List<Path> classDirs = list(root, Files::isDirectory);
        if (classDirs.isEmpty()) {
            throw new DataFileException(root, "expected one subfolder per class, found no subfolders");
        }
        List<String> classNames = new ArrayList<>();
        List<Decoded> images = new ArrayList<>();
        boolean color = false;
        int h = height, w = width;
        for (Path dir : classDirs) {
            List<Path> files = list(dir, ImageFolderReader::isImageFile);
            if (files.isEmpty()) {
                throw new DataFileException(dir, "expected PNG or JPEG images of class '" + dir.getFileName()
                        + "', found none");
            }
            classNames.add(dir.getFileName().toString());
            for (Path f : files) {
                Decoded d = decode(f, classNames.size() - 1);
                if (h < 0) {
                    h = d.h();
                    w = d.w();
                }
                if (d.h() != h || d.w() != w) {
                    if (height < 0) {
                        throw DataFileException.at(f, "image size", h + "x" + w + " (height x width, as "
                                + images.get(0).file().getFileName() + ")", d.h() + "x" + d.w()
                                + " (resize the images or use resizeTo(h, w))");
                    }
                    d = new Decoded(f, d.label(), d.channels(), h, w,
                            Resize.bilinear(d.pixels(), d.channels(), d.h(), d.w(), h, w));
                }
                color |= d.channels() == 3;
                images.add(d);
            }
        }
        int c = color ? 3 : 1, plane = h * w, n = images.size();
        if ((long) n * c * plane > Integer.MAX_VALUE - 16) {
            throw new DataFileException(root, String.format(Locale.ROOT, "expected at most 2^31 pixel values (one"
                    + " tensor), found %d images of %dx%dx%d: resize them smaller (resizeTo) or use fewer", n, c, h, w));
        }
        float[] x = new float[n * c * plane];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Decoded d = images.get(i);
            y[i] = d.label();
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(d.pixels(), d.channels() == 1 ? 0 : ch * plane, x, (i * c + ch) * plane, plane);
            }
        }
        return Dataset.classification(root.getFileName().toString(), Tensor.of(x, n, c, h, w), new IntTensor(y, n),
                classNames);
    }

    /**
     * Decodes one PNG or JPEG file to planar floats 0..255 (1 channel for grayscale, else 3). The size in
     * the file's header is checked before the pixels are decoded: a few bytes can claim 30000x30000 pixels.
     */
    private static Decoded decode(Path f, int label) {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFileException(f, "expected a PNG or JPEG image, found a format ImageIO cannot decode");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            if (!format.equals("PNG") && !format.equals("JPEG")) {
                // ImageIO chooses its decoder by content; the others (GIF, BMP, ...) trust sizes in their headers
                // that a few bytes can set to gigabytes
                reader.dispose();
                throw DataFileException.at(f, "offset 0", "a PNG or JPEG image", format + " data (convert it to PNG)");
            }
            try {
                reader.setInput(in, true, true);
                checkSize(f, reader.getHeight(0), reader.getWidth(0));
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException(f, "expected a readable PNG or JPEG image, found undecodable data ("
                    + e.getMessage() + ")", e);
        }
        int h = img.getHeight(), w = img.getWidth(), plane = h * w;
        if (img.getColorModel().getNumColorComponents() == 1) {
            // read the raster, not getRGB: getRGB converts linear gray through sRGB and changes the values
            Raster r = img.getRaster();
            double scale = 255.0 / ((1L << img.getColorModel().getComponentSize(0)) - 1);
            float[] p = new float[plane];
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    p[yy * w + xx] = (float) Math.rint(r.getSample(xx, yy, 0) * scale);
                }
            }
            return new Decoded(f, label, 1, h, w, p);
        }
        float[] p = new float[3 * plane];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb = img.getRGB(xx, yy), i = yy * w + xx;
                p[i] = (rgb >> 16) & 0xFF;
                p[plane + i] = (rgb >> 8) & 0xFF;
                p[2 * plane + i] = rgb & 0xFF;
            }
        }
        return new Decoded(f, label, 3, h, w, p);
    }

    /** Refuses an image whose decoding would take more than half the heap, or more than one float array holds. */
    static void checkSize(Path f, int h, int w) {
        long pixels = (long) h * w, heap = Runtime.getRuntime().maxMemory();
        long limit = Math.min((Integer.MAX_VALUE - 16) / 3, heap / 2 / DECODE_BYTES_PER_PIXEL);
        if (pixels > limit) {
            throw DataFileException.at(f, "image size", String.format(Locale.ROOT, "at most %.1f megapixels (what half"
                    + " of the %d MB heap decodes)", limit / 1e6, heap >> 20), String.format(Locale.ROOT, "%dx%d (height x"
                    + " width, %.1f megapixels): shrink the images, or give ldnn more memory (LDNN_HEAP)", h, w, pixels / 1e6));
        }
    }

    private static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list folder: " + e, e);
        }
    }
}
