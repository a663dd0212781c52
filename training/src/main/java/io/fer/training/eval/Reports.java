package io.fer.training.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The confusion matrix as a PNG and an HTML report beside it. */
public final class Reports {
    private Reports() {}

    public static void confusionPng(EvalResult r, Path file) throws IOException {
        int c = r.classes().size();
        int cell = 64;
        int margin = 110;
        BufferedImage img = new BufferedImage(margin + c * cell + 20, margin + c * cell + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t < c; t++) {
            int rowTotal = Arrays.stream(r.confusion()[t]).sum();
            for (int p = 0; p < c; p++) {
                double share = rowTotal == 0 ? 0 : (double) r.confusion()[t][p] / rowTotal;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(margin + p * cell, margin + t * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                g.drawString(Integer.toString(r.confusion()[t][p]), margin + p * cell + cell / 2 - 8, margin + t * cell + cell / 2 + 4);
            }
            g.setColor(Color.BLACK);
            g.drawString(r.classes().get(t), 8, margin + t * cell + cell / 2 + 4);
        }
        for (int p = 0; p < c; p++) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2, margin + p * cell + cell / 2 + 4, margin - 8);
            rotated.drawString(r.classes().get(p), margin + p * cell + cell / 2 + 4, margin - 8);
            rotated.dispose();
        }
        g.drawString("rows: truth, columns: predicted", 8, 16);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    public static void html(EvalResult r, String model, String dataset, Path png, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>fer evaluation</title>"
                + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:right}</style></head><body>");
        sb.append("<h1>Evaluation</h1><p>model <code>").append(escape(model)).append("</code> on <code>").append(escape(dataset))
                .append("</code>: ").append(r.clips()).append(" clips</p>");
        sb.append(String.format(Locale.ROOT, "<p><b>WAR</b> %.4f &nbsp; <b>UAR</b> %.4f</p>", r.war(), r.uar()));
        sb.append("<table><tr><th>class</th><th>recall</th><th>clips</th></tr>");
        for (int k = 0; k < r.classes().size(); k++) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%d</td></tr>", escape(r.classes().get(k)),
                    r.perClassRecall()[k], Arrays.stream(r.confusion()[k]).sum()));
        }
        sb.append("</table><h2>Confusion matrix</h2><img src=\"").append(png.getFileName()).append("\"></body></html>");
        Files.writeString(file, sb.toString());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
