package dev.drover.app.ui.containers.stats;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A container's resource use: the newest figures on one line, then charts of CPU %, memory and
 * network traffic over the last readings. Each series follows its view model list change by change,
 * once per batch of readings, without animation or point symbols.
 */
public final class StatsView extends VBox {

  private static final double MIN_SPAN = 30;
  private static final double[] TICKS = {5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};

  private final StatsViewModel model;

  public StatsView(StatsViewModel model) {
    this.model = model;

    var icon = new FontIcon(Feather.ACTIVITY);
    var latest = new Label();
    latest.setId("stats-latest");
    latest.getStyleClass().add(Styles.TEXT_BOLD);
    latest.textProperty().bind(model.latestProperty());
    var status = new Label();
    status.setId("stats-status");
    status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    status.textProperty().bind(model.statusProperty());
    status.managedProperty().bind(status.textProperty().isNotEmpty());
    status.visibleProperty().bind(status.managedProperty());
    ErrorText.readable(status);
    var latestRow = new HBox(8, icon, latest, status);
    latestRow.setAlignment(Pos.CENTER_LEFT);

    var cpuChart = chart("stats-cpu", "CPU", "%");
    cpuChart.getData().add(series("CPU %", model.cpu()));
    var memoryChart = chart("stats-memory", "Memory", "MiB");
    memoryChart.getData().add(series("Memory used (MiB)", model.memory()));
    var networkChart = chart("stats-network", "Network", "KiB/s");
    networkChart.getData().add(series("Received (KiB/s)", model.networkRx()));
    networkChart.getData().add(series("Sent (KiB/s)", model.networkTx()));
    cpuChart.setLegendVisible(false);
    memoryChart.setLegendVisible(false);
    // One time range for the three charts, moved once per batch of readings.
    var timeAxes = List.of(timeAxis(cpuChart), timeAxis(memoryChart), timeAxis(networkChart));
    model
        .cpu()
        .addListener((ListChangeListener<StatsPoint>) change -> showTime(timeAxes, model.cpu()));
    showTime(timeAxes, model.cpu());

    setSpacing(8);
    setPadding(new Insets(12));
    getChildren().addAll(latestRow, cpuChart, memoryChart, networkChart);
  }

  public StatsViewModel model() {
    return model;
  }

  private static NumberAxis timeAxis(LineChart<Number, Number> chart) {
    return (NumberAxis) chart.getXAxis();
  }

  /**
   * Shows the seconds the points span, at least {@link #MIN_SPAN} so that the first readings do not
   * fill it.
   */
  private static void showTime(List<NumberAxis> axes, List<StatsPoint> points) {
    double lower = points.isEmpty() ? 0 : Math.floor(points.getFirst().seconds());
    double upper =
        Math.max(lower + MIN_SPAN, points.isEmpty() ? 0 : Math.ceil(points.getLast().seconds()));
    double tick = TICKS[TICKS.length - 1];
    for (double candidate : TICKS) {
      if ((upper - lower) / candidate <= 8) {
        tick = candidate;
        break;
      }
    }
    for (var axis : axes) {
      axis.setLowerBound(lower);
      axis.setUpperBound(upper);
      axis.setTickUnit(tick);
    }
  }

  private static LineChart<Number, Number> chart(String id, String title, String unit) {
    var time = new NumberAxis();
    time.setLabel("seconds");
    time.setAutoRanging(false);
    time.setMinorTickVisible(false);
    var values = new NumberAxis();
    values.setLabel(unit);
    values.setForceZeroInRange(true);
    values.setMinorTickVisible(false);
    var chart = new LineChart<Number, Number>(time, values);
    chart.setId(id);
    chart.setTitle(title);
    chart.setAnimated(false);
    time.setAnimated(false);
    values.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setMinHeight(140);
    chart.setPrefHeight(200);
    VBox.setVgrow(chart, Priority.ALWAYS);
    return chart;
  }

  /**
   * A series that mirrors {@code points}: each list change becomes one removal and one addition on
   * the chart.
   */
  private static XYChart.Series<Number, Number> series(
      String name, ObservableList<StatsPoint> points) {
    var series = new XYChart.Series<Number, Number>();
    series.setName(name);
    var data = series.getData();
    data.setAll(map(points));
    points.addListener(
        (ListChangeListener<StatsPoint>)
            change -> {
              while (change.next()) {
                if (change.wasPermutated() || change.wasUpdated()) {
                  data.setAll(map(points));
                  return;
                }
                if (change.wasRemoved())
                  data.remove(change.getFrom(), change.getFrom() + change.getRemovedSize());
                if (change.wasAdded()) data.addAll(change.getFrom(), map(change.getAddedSubList()));
              }
            });
    return series;
  }

  private static List<XYChart.Data<Number, Number>> map(List<? extends StatsPoint> points) {
    var data = new ArrayList<XYChart.Data<Number, Number>>(points.size());
    for (var point : points) data.add(new XYChart.Data<>(point.seconds(), point.value()));
    return data;
  }
}
