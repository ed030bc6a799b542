package ai.deepj.data.augment;

/** One image as channel planes in one row-major array: value {@code (ch, y, x)} at {@code (ch*h + y)*w + x}. */
record Raster(float[] data, int c, int h, int w) {
    Raster {
        if (data.length != c * h * w) {
            throw new IllegalStateException("Raster: " + data.length + " values for " + c + "x" + h + "x" + w);
        }
    }

    static Raster blank(int c, int h, int w) {
        return new Raster(new float[c * h * w], c, h, w);
    }

    float get(int ch, int y, int x) {
        return data[(ch * h + y) * w + x];
    }

    void set(int ch, int y, int x, float v) {
        data[(ch * h + y) * w + x] = v;
    }
}
