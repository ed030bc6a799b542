package ai.deepj.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/** A box naming what each colour means, placed where it hides the fewest data points. */
final class Legend {
    /** How an entry's key is drawn: a short line (with a dot), a dot alone, or a filled square. */
    enum Key { LINE, POINT, SWATCH }

    record Entry(String name, Color color, Key key) {}

    private final Canvas c;
    private final List<Entry> entries;
    private final Font font;
    private final double keyWidth;
    private final double pad;
    private final double rowHeight;

    Legend(Canvas c, List<Entry> entries) {
        this.c = c;
        this.entries = entries;
        this.font = c.font(12.5, false);
        this.keyWidth = c.px(22);
        this.pad = c.px(7);
        this.rowHeight = c.lineHeight(font) + c.px(2);
    }

    double width() {
        double w = 0;
        for (Entry e : entries) w = Math.max(w, c.textWidth(font, e.name()));
        return pad + keyWidth + c.px(6) + w + pad;
    }

    double height() {
        return pad * 2 + rowHeight * entries.size() - c.px(2);
    }

    /**
     * Draws the legend in the corner of {@code plot} (inset a little) whose box covers the fewest of
     * the points {@code xs[i], ys[i]} (pixels); ties go to top right, top left, bottom right,
     * bottom left in that order.
     */
    void drawBest(Rectangle2D plot, double[] xs, double[] ys, int n) {
        double w = width();
        double h = height();
        double inset = c.px(8);
        double[][] corners = {
            {plot.getMaxX() - inset - w, plot.getMinY() + inset},
            {plot.getMinX() + inset, plot.getMinY() + inset},
            {plot.getMaxX() - inset - w, plot.getMaxY() - inset - h},
            {plot.getMinX() + inset, plot.getMaxY() - inset - h},
        };
        int best = 0;
        long bestCount = Long.MAX_VALUE;
        for (int k = 0; k < corners.length; k++) {
            Rectangle2D box = new Rectangle2D.Double(corners[k][0] - inset, corners[k][1] - inset, w + 2 * inset, h + 2 * inset);
            long count = 0;
            for (int i = 0; i < n; i++) if (box.contains(xs[i], ys[i])) count++;
            if (count < bestCount) {
                bestCount = count;
                best = k;
            }
        }
        draw(corners[best][0], corners[best][1]);
    }

    /** Draws the legend with its top-left corner at (x, y). */
    void draw(double x, double y) {
        RoundRectangle2D box = new RoundRectangle2D.Double(x, y, width(), height(), c.px(6), c.px(6));
        c.g.setColor(new Color(255, 255, 255, 225));
        c.g.fill(box);
        c.g.setColor(new Color(0xCCCCCC));
        c.stroke(1);
        c.g.draw(box);
        double row = y + pad;
        for (Entry e : entries) {
            double mid = row + rowHeight / 2 - c.px(1);
            double kx = x + pad;
            c.g.setColor(e.color());
            switch (e.key()) {
                case LINE -> {
                    c.stroke(2.2);
                    c.g.draw(new Line2D.Double(kx, mid, kx + keyWidth, mid));
                }
                case POINT -> {
                    double r = c.px(4.5);
                    c.g.fill(new Ellipse2D.Double(kx + keyWidth / 2 - r, mid - r, 2 * r, 2 * r));
                }
                case SWATCH -> {
                    double s = c.px(12);
                    c.g.fill(new Rectangle2D.Double(kx + keyWidth / 2 - s / 2, mid - s / 2, s, s));
                    c.g.setColor(Palette.mix(e.color(), Color.BLACK, 0.3));
                    c.stroke(0.8);
                    c.g.draw(new Rectangle2D.Double(kx + keyWidth / 2 - s / 2, mid - s / 2, s, s));
                }
            }
            c.text(e.name(), font, Canvas.TEXT, kx + keyWidth + c.px(6), mid, 0, 0.5);
            row += rowHeight;
        }
    }
}
