package ai.deepj.plot;

import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * One pair of axes inside a rectangle of a {@link Canvas}: lays out the room for tick labels and axis
 * labels, owns the two {@link Scale}s, and draws the grid (under the data) and the frame, ticks and
 * labels (over it).
 */
final class Axes {
    final Canvas c;
    final Rectangle2D.Double plot;
    final Scale x;
    final Scale y;
    private final String xLabel;
    private final String yLabel;
    private Shape savedClip;

    private Axes(Canvas c, Rectangle2D.Double plot, Scale x, Scale y, String xLabel, String yLabel) {
        this.c = c;
        this.plot = plot;
        this.x = x;
        this.y = y;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Ranges and kinds of the two axes. {@code pad} leaves a small margin beyond the data. */
    record Spec(Range x, boolean logX, boolean integerX, Range y, boolean logY, boolean pad) {}

    /** Lays out axes for {@code spec} in {@code area}. */
    static Axes layout(Canvas c, Rectangle2D area, Spec spec, String xLabel, String yLabel) {
        Font tick = c.tickFont();
        Font label = c.labelFont();
        double gap = c.px(6);
        double top = area.getY() + c.px(6);
        double bottom = area.getMaxY() - gap - c.lineHeight(tick) - (blank(xLabel) ? 0 : gap + c.lineHeight(label)) - c.px(4);
        Scale y0 = Scale.of(spec.y.min(), spec.y.max(), spec.logY, spec.pad, false, bottom, top, c.px(50));
        double widest = 0;
        for (String s : y0.ticks().labels()) widest = Math.max(widest, c.textWidth(tick, s));
        double left = area.getX() + c.px(4) + (blank(yLabel) ? 0 : c.lineHeight(label) + gap) + widest + gap;
        double right = area.getMaxX() - c.px(14);
        Rectangle2D.Double plot = new Rectangle2D.Double(left, top, Math.max(10, right - left), Math.max(10, bottom - top));
        Scale xs = Scale.of(spec.x.min(), spec.x.max(), spec.logX, spec.pad, spec.integerX, plot.getMinX(), plot.getMaxX(), c.px(80));
        return new Axes(c, plot, xs, y0, xLabel, yLabel);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** White plot area with light grid lines at the ticks. */
    void drawGrid() {
        c.g.setColor(java.awt.Color.WHITE);
        c.g.fill(plot);
        c.g.setColor(Canvas.GRID);
        c.stroke(1);
        for (double v : x.ticks().values()) {
            double p = x.toPixel(v);
            c.g.draw(new Line2D.Double(p, plot.getMinY(), p, plot.getMaxY()));
        }
        for (double v : y.ticks().values()) {
            double p = y.toPixel(v);
            c.g.draw(new Line2D.Double(plot.getMinX(), p, plot.getMaxX(), p));
        }
    }

    /** The frame, tick marks, tick labels and axis labels. */
    void drawFrame() {
        Font tick = c.tickFont();
        Font label = c.labelFont();
        double len = c.px(4);
        double gap = c.px(6);
        c.stroke(1);
        c.g.setColor(Canvas.FRAME);
        c.g.draw(plot);
        for (double v : x.ticks().minor()) {
            double p = x.toPixel(v);
            c.g.draw(new Line2D.Double(p, plot.getMaxY(), p, plot.getMaxY() + len * 0.6));
        }
        for (double v : y.ticks().minor()) {
            double p = y.toPixel(v);
            c.g.draw(new Line2D.Double(plot.getMinX() - len * 0.6, p, plot.getMinX(), p));
        }
        double[] xv = x.ticks().values();
        String[] xl = x.ticks().labels();
        for (int i = 0; i < xv.length; i++) {
            double p = x.toPixel(xv[i]);
            c.g.setColor(Canvas.FRAME);
            c.g.draw(new Line2D.Double(p, plot.getMaxY(), p, plot.getMaxY() + len));
            c.text(xl[i], tick, Canvas.MUTED, p, plot.getMaxY() + gap, 0.5, 0);
        }
        double[] yv = y.ticks().values();
        String[] yl = y.ticks().labels();
        for (int i = 0; i < yv.length; i++) {
            double p = y.toPixel(yv[i]);
            c.g.setColor(Canvas.FRAME);
            c.g.draw(new Line2D.Double(plot.getMinX() - len, p, plot.getMinX(), p));
            c.text(yl[i], tick, Canvas.MUTED, plot.getMinX() - gap, p, 1, 0.5);
        }
        if (!blank(xLabel)) {
            c.text(xLabel, label, Canvas.TEXT, plot.getCenterX(), plot.getMaxY() + gap + c.lineHeight(tick) + gap, 0.5, 0);
        }
        if (!blank(yLabel)) {
            double widest = 0;
            for (String s : yl) widest = Math.max(widest, c.textWidth(tick, s));
            double cx = plot.getMinX() - gap - widest - gap - c.lineHeight(label) / 2;
            c.textVertical(yLabel, label, Canvas.TEXT, cx, plot.getCenterY());
        }
    }

    /** Restricts drawing to the plot area until {@link #unclip()}. */
    void clip() {
        savedClip = c.g.getClip();
        c.g.clip(new Rectangle2D.Double(plot.x - 1, plot.y - 1, plot.width + 2, plot.height + 2));
    }

    void unclip() {
        c.g.setClip(savedClip);
    }
}
