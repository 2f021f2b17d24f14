package eventservice.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/** latency.png: latency against throughput, log-log, drawn with Java2D (headless). */
final class Chart {
    private static final int W = 1400;
    private static final int H = 900;
    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int TOP = 60;
    private static final int BOTTOM = 80;

    private record Point(double x, double y, String label) {
    }

    private record Series(String name, Color color, boolean dashed, boolean square, List<Point> points) {
    }

    private Chart() {
    }

    static void draw(List<Results.Row> rows, Path file, String size) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Series> series = new ArrayList<>();
        Color blue = new Color(0x1f77b4);
        Color grey = new Color(0x7f7f7f);
        Color green = new Color(0x2ca02c);
        Color olive = new Color(0xbcbd22);
        Color red = new Color(0xd62728);
        Color orange = new Color(0xff7f0e);
        add(series, rows, "unary", "PublishEvent (unary)", blue, "c=", "concurrency");
        add(series, rows, "pg-single", "pgbench 1 row/tx", grey, "c=", "concurrency");
        add(series, rows, "batch", "PublishEvents (per call)", green, "", "events_per_call");
        add(series, rows, "pg-multi", "pgbench multi-row INSERT", olive, "", "rows_per_tx");
        add(series, rows, "e2e", "end to end → consumer", red, "", "rate");
        add(series, rows, "kafka-perf", "ProducerPerformance", orange, "", "rate");
        series.removeIf(s -> s.points().isEmpty());

        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        if (series.isEmpty()) {
            minX = 1;
            maxX = 10;
            minY = 1;
            maxY = 10;
        }
        double x0 = Math.pow(10, Math.floor(Math.log10(minX)));
        double x1 = Math.pow(10, Math.ceil(Math.log10(maxX * 1.0001)));
        double y0 = Math.pow(10, Math.floor(Math.log10(minY)));
        double y1 = Math.pow(10, Math.ceil(Math.log10(maxY * 1.0001)));

        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        Axis ax = new Axis(x0, x1, LEFT, W - RIGHT);
        Axis ay = new Axis(y0, y1, H - BOTTOM, TOP);

        // grid and ticks: 1, 2, 5 × 10^k
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (double d = x0; d <= x1 * 1.0001; d *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double v = d * m;
                if (v > x1 * 1.0001) {
                    break;
                }
                int px = ax.px(v);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(px, TOP, px, H - BOTTOM);
                g.setColor(Color.DARK_GRAY);
                String t = tick(v);
                g.drawString(t, px - fm.stringWidth(t) / 2, H - BOTTOM + 18);
            }
        }
        for (double d = y0; d <= y1 * 1.0001; d *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double v = d * m;
                if (v > y1 * 1.0001) {
                    break;
                }
                int py = ay.px(v);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(LEFT, py, W - RIGHT, py);
                g.setColor(Color.DARK_GRAY);
                String t = tick(v);
                g.drawString(t, LEFT - 8 - fm.stringWidth(t), py + 5);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Latency against throughput" + (size.isEmpty() ? "" : " (" + size + " run)")
                + " — solid p50, dashed p99; log-log", LEFT, TOP - 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        String xl = "throughput (events/s)";
        g.drawString(xl, (LEFT + W - RIGHT) / 2 - g.getFontMetrics().stringWidth(xl) / 2, H - BOTTOM + 48);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        String yl = "latency (ms)";
        gy.drawString(yl, -(TOP + H - BOTTOM) / 2 - gy.getFontMetrics().stringWidth(yl) / 2, 30);
        gy.dispose();

        // the series
        Stroke solid = new BasicStroke(2.2f);
        Stroke dashed = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? dashed : solid);
            // in the order measured: rising concurrency, batch size or offered rate
            List<Point> pts = s.points();
            for (int i = 1; i < pts.size(); i++) {
                g.drawLine(ax.px(pts.get(i - 1).x()), ay.px(pts.get(i - 1).y()), ax.px(pts.get(i).x()), ay.px(pts.get(i).y()));
            }
            g.setStroke(solid);
            for (Point p : pts) {
                int px = ax.px(p.x());
                int py = ay.px(p.y());
                if (s.square()) {
                    g.fillRect(px - 4, py - 4, 8, 8);
                } else {
                    g.fillOval(px - 5, py - 5, 10, 10);
                }
                if (!s.dashed()) {
                    g.drawString(p.label(), px + 7, py - 6);
                }
            }
        }

        // legend
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int lx = LEFT + 14;
        int ly = TOP + 14;
        List<Series> named = series.stream().filter(s -> !s.dashed()).toList();
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(lx - 6, ly - 6, 290, named.size() * 20 + 10);
        g.setColor(Color.GRAY);
        g.drawRect(lx - 6, ly - 6, 290, named.size() * 20 + 10);
        for (Series s : named) {
            g.setColor(s.color());
            g.setStroke(solid);
            g.drawLine(lx, ly + 8, lx + 26, ly + 8);
            g.fillOval(lx + 9, ly + 4, 9, 9);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), lx + 34, ly + 13);
            ly += 20;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void add(List<Series> out, List<Results.Row> rows, String kind, String name, Color color,
                            String prefix, String labelKey) {
        List<Point> p50 = new ArrayList<>();
        List<Point> p99 = new ArrayList<>();
        for (Results.Row r : rows) {
            if (!r.kind().equals(kind)) {
                continue;
            }
            double x = r.num("events_per_s");
            String label = prefix + r.str(labelKey);
            if (kind.equals("kafka-perf") && r.label().equals("max")) {
                label = "max";
            }
            if (x > 0 && r.num("p50_ms") > 0) {
                p50.add(new Point(x, r.num("p50_ms"), label));
            }
            if (x > 0 && r.num("p99_ms") > 0) {
                p99.add(new Point(x, r.num("p99_ms"), label));
            }
        }
        if (kind.equals("kafka-perf")) {
            // the full-speed run is a point of its own, not on the rate curve
            p50.removeIf(p -> p.label().equals("max"));
            p99.removeIf(p -> p.label().equals("max"));
        }
        out.add(new Series(name, color, false, false, p50));
        out.add(new Series(name + " p99", color, true, true, p99));
    }

    private static String tick(double v) {
        if (v >= 1000) {
            return (v >= 1_000_000 ? Math.round(v / 1_000_000) + "M" : Math.round(v / 1000) + "k");
        }
        if (v >= 1) {
            return Long.toString(Math.round(v));
        }
        return String.valueOf(v).replaceAll("0+$", "");
    }

    /** A log axis from value range to pixel range. */
    private record Axis(double v0, double v1, int p0, int p1) {
        int px(double v) {
            double t = (Math.log10(v) - Math.log10(v0)) / (Math.log10(v1) - Math.log10(v0));
            return (int) Math.round(p0 + t * (p1 - p0));
        }
    }
}
