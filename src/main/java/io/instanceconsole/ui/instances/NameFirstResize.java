package io.instanceconsole.ui.instances;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.util.Callback;

import java.util.ArrayList;
import java.util.List;

/**
 * The instance table's column widths: every column starts from its preferred width; when the table is narrower than
 * that, the columns give up width from the right to the left down to their minimum, Name last, so names stay readable
 * in a small window; when it is wider, Name and Image share the extra. A column the user drags keeps the width it was
 * given as its preferred width, and the others fit around it. The columns always fill the table exactly.
 */
final class NameFirstResize implements Callback<TableView.ResizeFeatures, Boolean> {
    /** The share of extra width Name takes; Image takes the rest. */
    private static final double NAME_SHARE = 0.6;
    /** Rows are outlined 1 px on each side (the focused row's ring): columns as wide as the table overflowed it. */
    private static final double ROW_OUTLINE = 2;

    private final TableColumn<?, ?> name;
    private final TableColumn<?, ?> image;

    NameFirstResize(TableColumn<?, ?> name, TableColumn<?, ?> image) {
        this.name = name;
        this.image = image;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Boolean call(TableView.ResizeFeatures features) {
        TableColumn dragged = features.getColumn();
        if (dragged != null) {
            double wanted = clamp(dragged, dragged.getWidth() + features.getDelta());
            dragged.setPrefWidth(wanted);
        }
        List<TableColumn<?, ?>> columns = new ArrayList<>(features.getTable().getVisibleLeafColumns());
        double[] widths = widths(columns, features.getContentWidth() - ROW_OUTLINE, dragged);
        for (int i = 0; i < columns.size(); i++) {
            features.setColumnWidth((TableColumn) columns.get(i), widths[i]);
        }
        return true;
    }

    /** Each column's width for a table this wide; {@code fixed} (the one being dragged) keeps its own. */
    double[] widths(List<TableColumn<?, ?>> columns, double available, TableColumn<?, ?> fixed) {
        int n = columns.size();
        double[] widths = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            widths[i] = clamp(columns.get(i), columns.get(i).getPrefWidth());
            total += widths[i];
        }
        double deficit = total - available;
        // narrower: from the right to the left, Name last
        for (int i = n - 1; i >= 0 && deficit > 0; i--) {
            if (columns.get(i) != name && columns.get(i) != fixed) {
                deficit -= shrink(columns.get(i), widths, i, deficit);
            }
        }
        int nameAt = columns.indexOf(name);
        if (deficit > 0 && nameAt >= 0 && name != fixed) {
            deficit -= shrink(name, widths, nameAt, deficit);
        }
        if (deficit < 0) {
            grow(columns, widths, -deficit, fixed);
        }
        wholePixels(widths, columns.indexOf(name));
        return widths;
    }

    /**
     * Whole pixels, the rounding's remainder to Name: fractions rounded up by the layout added up to more than the
     * table and brought a horizontal scroll bar.
     */
    private static void wholePixels(double[] widths, int nameAt) {
        double remainder = 0;
        for (int i = 0; i < widths.length; i++) {
            double whole = Math.floor(widths[i]);
            remainder += widths[i] - whole;
            widths[i] = whole;
        }
        if (nameAt >= 0) {
            widths[nameAt] += Math.floor(remainder);
        }
    }

    private void grow(List<TableColumn<?, ?>> columns, double[] widths, double extra, TableColumn<?, ?> fixed) {
        int nameAt = name == fixed ? -1 : columns.indexOf(name);
        int imageAt = image == fixed ? -1 : columns.indexOf(image);
        if (nameAt >= 0 && imageAt >= 0) {
            widths[nameAt] += extra * NAME_SHARE;
            widths[imageAt] += extra * (1 - NAME_SHARE);
        } else if (nameAt >= 0 || imageAt >= 0) {
            widths[Math.max(nameAt, imageAt)] += extra;
        } else if (!columns.isEmpty()) {
            widths[columns.size() - 1] += extra; // both hidden: the last column takes it, so the table stays filled
        }
    }

    /** Takes up to {@code wanted} from column {@code i}, not below its minimum; returns what it took. */
    private static double shrink(TableColumn<?, ?> column, double[] widths, int i, double wanted) {
        double taken = Math.min(wanted, Math.max(0, widths[i] - column.getMinWidth()));
        widths[i] -= taken;
        return taken;
    }

    private static double clamp(TableColumn<?, ?> column, double width) {
        return Math.max(column.getMinWidth(), Math.min(column.getMaxWidth(), width));
    }
}
