package ai.deepj.data;

import ai.deepj.io.AtomicFiles;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image file (PNG, JPEG, BMP, GIF, TIFF, WBMP: whatever {@code javax.imageio} reads) into
 * a float32 tensor {@code [c, h, w]} with values in {@code [0, 1]}, and writes such a tensor as a PNG.
 *
 * {@snippet :
 * Tensor img = Images.read(Path.of("louvre.jpg"));                                   // [3, 300, 400]
 * Tensor small = Images.read(Path.of("louvre.jpg"), Images.Options.defaults().withSize(64, 64));
 * Images.write(Path.of("out.png"), small);
 * }
 *
 * <p>Values: a sample of {@code b} bits is divided by {@code 2^b - 1} (8-bit: by 255, 16-bit PNG:
 * by 65535), read straight from the file's gray or RGB samples without colour conversion; other
 * colour models (palettes, ...) go through {@link BufferedImage#getRGB} (sRGB, 8 bits). Alpha is
 * dropped. {@link Color#GRAY} turns RGB into {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R 601, as PIL's
 * {@code convert("L")} and torchvision's {@code Grayscale}); {@link Color#RGB} repeats a gray channel
 * three times. A size in the options resizes bilinearly with half-pixel centres (PyTorch's
 * {@code interpolate(mode="bilinear", align_corners=False)}, no anti-aliasing).
 *
 * <p>A file {@code javax.imageio} cannot decode, or decodes only with a warning (a truncated JPEG),
 * raises a {@link DataFileException} naming it.
 */
public final class Images {
    private Images() {}

    /** The channels to produce. */
    public enum Color {
        /** One channel. */
        GRAY,
        /** Three channels, red, green, blue. */
        RGB;

        /** The number of channels. */
        public int channels() {
            return this == GRAY ? 1 : 3;
        }
    }

    /**
     * How to read an image: its channels, and a size to resize to ({@code 0 x 0}: keep the file's).
     *
     * {@snippet :
     * Images.Options o = Images.Options.defaults().withColor(Images.Color.GRAY).withSize(28, 28);
     * }
     */
    public record Options(Color color, int height, int width) {
        public Options {
            if (color == null) throw new IllegalArgumentException("Images.Options: color must not be null");
            if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
                throw new IllegalArgumentException("Images.Options: size must be both positive (resize) or both 0 (keep), got "
                        + height + "x" + width);
            }
        }

        /** RGB at the file's size. */
        public static Options defaults() {
            return new Options(Color.RGB, 0, 0);
        }

        /** Gray or RGB. */
        public Options withColor(Color color) {
            return new Options(color, height, width);
        }

        /** Resize every image to {@code height x width} (bilinear). */
        public Options withSize(int height, int width) {
            if (height <= 0 || width <= 0) throw new IllegalArgumentException("Images.Options.withSize: got " + height + "x" + width);
            return new Options(color, height, width);
        }

        /** Whether images are resized. */
        public boolean resizes() {
            return height > 0;
        }
    }

    /** The image as float32 {@code [3, h, w]} RGB in {@code [0, 1]}. */
    public static Tensor read(Path file) throws IOException {
        return read(file, Options.defaults());
    }

    /**
     * The image as float32 {@code [c, h, w]} in {@code [0, 1]}, {@code c} 1 or 3 as {@code options} say.
     *
     * @throws DataFileException if the file is not an image {@code javax.imageio} can decode cleanly
     */
    public static Tensor read(Path file, Options options) throws IOException {
        Decoded d = decode(file, options);
        return Tensor.of(flatten(d.planes), d.planes.length, d.height, d.width);
    }

    /** Decoded channel planes, each {@code height * width}. */
    record Decoded(float[][] planes, int height, int width) {}

    static Decoded decode(Path file, Options options) throws IOException {
        BufferedImage img = load(file);
        int h = img.getHeight(), w = img.getWidth();
        float[][] planes = channels(img, options.color());
        if (options.resizes()) {
            planes = Bilinear.resize(planes, h, w, options.height(), options.width());
            h = options.height();
            w = options.width();
        }
        return new Decoded(planes, h, w);
    }

    private static BufferedImage load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("Images.read: cannot open " + file);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataFileException(file, "Images.read: " + file + " is not in an image format javax.imageio reads ("
                        + String.join(", ", formats()) + ")");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new DataFileException(file, "Images.read: " + file + " is a damaged " + format + " image ("
                            + String.join("; ", warnings) + ")");
                }
                return img;
            } catch (IIOException | IndexOutOfBoundsException | IllegalArgumentException e) {
                // IIOException for corrupt data; the JDK's decoders throw the others on some malformed headers.
                throw new DataFileException(file, "Images.read: " + file + " is a corrupt or unsupported " + format
                        + " image (" + e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : "") + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static List<String> formats() {
        return java.util.Arrays.stream(ImageIO.getReaderFormatNames()).map(s -> s.toLowerCase(Locale.ROOT)).distinct().sorted().toList();
    }

    /** The image's channels as planes in [0, 1]: exact samples for gray and RGB images, else through sRGB. */
    static float[][] channels(BufferedImage img, Color color) {
        int h = img.getHeight(), w = img.getWidth();
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        ColorSpace cs = cm.getColorSpace();
        int type = r.getDataBuffer().getDataType();
        boolean integral = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT;
        boolean direct = !(cm instanceof IndexColorModel) && !cm.isAlphaPremultiplied() && integral;
        float[][] src;
        if (direct && cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
            src = new float[][] {samples(r, 0, cm.getComponentSize(0), h, w)};
        } else if (direct && cs.isCS_sRGB() && cm.getNumColorComponents() == 3) {
            src = new float[3][];
            for (int b = 0; b < 3; b++) src[b] = samples(r, b, cm.getComponentSize(b), h, w);
        } else {
            src = new float[3][h * w];
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                src[0][i] = ((argb[i] >> 16) & 0xFF) / 255f;
                src[1][i] = ((argb[i] >> 8) & 0xFF) / 255f;
                src[2][i] = (argb[i] & 0xFF) / 255f;
            }
        }
        if (color == Color.RGB && src.length == 1) return new float[][] {src[0], src[0].clone(), src[0].clone()};
        if (color == Color.GRAY && src.length == 3) {
            float[] g = new float[h * w];
            for (int i = 0; i < g.length; i++) g[i] = 0.299f * src[0][i] + 0.587f * src[1][i] + 0.114f * src[2][i];
            return new float[][] {g};
        }
        return src;
    }

    private static float[] samples(Raster r, int band, int bits, int h, int w) {
        int[] s = r.getSamples(r.getMinX(), r.getMinY(), w, h, band, (int[]) null);
        float max = (float) ((1L << bits) - 1);
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = s[i] / max;
        return out;
    }

    static float[] flatten(float[][] planes) {
        int n = planes[0].length;
        float[] out = new float[planes.length * n];
        for (int c = 0; c < planes.length; c++) System.arraycopy(planes[c], 0, out, c * n, n);
        return out;
    }

    /**
     * Writes {@code image} as an 8-bit PNG, atomically. {@code image} is {@code [c, h, w]} with
     * {@code c} 1 (gray), 3 (RGB) or 4 (RGBA), or {@code [h, w]} (gray); float values must lie in
     * {@code [0, 1]} and are stored as {@code round(v * 255)}, int32 values must lie in {@code [0, 255]}.
     *
     * {@snippet :
     * Images.write(Path.of("styled.png"), generated.clamp(0, 1));
     * }
     *
     * @throws IllegalArgumentException for another shape, values out of range, or a name not ending in {@code .png}
     */
    public static void write(Path file, Tensor image) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("Images.write: writes PNG files; the name should end in .png, got " + file.getFileName());
        }
        Tensor t = image.dim() == 2 ? image.unsqueeze(0) : image;
        if (t.dim() != 3 || !(t.size(0) == 1 || t.size(0) == 3 || t.size(0) == 4) || t.size(1) == 0 || t.size(2) == 0) {
            throw new IllegalArgumentException("Images.write: expected [c, h, w] with c 1, 3 or 4 (or [h, w]), got " + image.shape());
        }
        int c = t.size(0), h = t.size(1), w = t.size(2);
        boolean floating = t.dtype() != DType.INT32;
        double[] v = t.toDoubleArray();
        int[] bytes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = floating ? v[i] * 255 : v[i];
            if (!(x >= 0 && x <= 255)) {   // also catches NaN
                throw new IllegalArgumentException("Images.write: value " + v[i] + " at flat index " + i + " is outside "
                        + (floating ? "[0, 1]" : "[0, 255]") + " (clamp first: image.clamp(0, 1))");
            }
            bytes[i] = (int) Math.round(x);
        }
        int n = h * w;
        BufferedImage img = new BufferedImage(w, h, switch (c) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_INT_RGB;
            default -> BufferedImage.TYPE_INT_ARGB;
        });
        if (c == 1) {
            img.getRaster().setSamples(0, 0, w, h, 0, bytes);   // raw gray samples: no colour conversion
        } else {
            int[] argb = new int[n];
            for (int i = 0; i < n; i++) {
                int a = c == 4 ? bytes[3 * n + i] : 255;
                argb[i] = a << 24 | bytes[i] << 16 | bytes[n + i] << 8 | bytes[2 * n + i];
            }
            img.setRGB(0, 0, w, h, argb, 0, w);
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("Images.write: no PNG writer in javax.imageio");
        });
    }
}
