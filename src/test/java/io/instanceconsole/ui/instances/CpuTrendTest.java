package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.InstanceStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTrendTest {
    private static InstanceStats cpu(double percent) {
        return new InstanceStats(percent, 1L << 20, 0);
    }

    @Test
    void keepsTheLastSamplesOldestFirstAndAtMostItsLength() {
        CpuTrend trend = CpuTrend.NONE;
        for (int i = 1; i <= CpuTrend.LENGTH + 5; i++) {
            trend = trend.with(cpu(i));
        }

        assertThat(trend.size()).isEqualTo(CpuTrend.LENGTH);
        assertThat(trend.recent()[0]).isEqualTo(6);
        assertThat(trend.recent()[CpuTrend.LENGTH - 1]).isEqualTo(CpuTrend.LENGTH + 5);
        assertThat(trend.text()).isEqualTo("29.0 %");
    }

    @Test
    void aSampleThatChangesNothingShownIsTheSameTrendSoTheCellDoesNotRepaint() {
        CpuTrend flat = CpuTrend.NONE;
        for (int i = 0; i < CpuTrend.LENGTH; i++) {
            flat = flat.with(cpu(0.0));
        }

        assertThat(flat.with(cpu(0.0))).isSameAs(flat);
        assertThat(flat.with(cpu(0.4))).as("a new figure").isNotSameAs(flat);
    }

    @Test
    void aLineThatIsNotFlatYetMovesWithEverySampleEvenWhenTheFigureRepeats() {
        CpuTrend trend = CpuTrend.NONE.with(cpu(50)).with(cpu(3));

        CpuTrend next = trend.with(cpu(3));

        assertThat(next).isNotSameAs(trend);
        assertThat(next.recent()).containsExactly(50, 3, 3);
    }

    @Test
    void aSampleWithoutACpuFigureKeepsTheLine() {
        CpuTrend trend = CpuTrend.NONE.with(cpu(20)).with(cpu(30));

        CpuTrend next = trend.with(cpu(-1));

        assertThat(next.recent()).containsExactly(20, 30);
        assertThat(next.text()).isEqualTo("…");
    }

    @Test
    void theScaleIsTheHighestSampleButAtLeastTenPercentSoIdleNoiseStaysFlat() {
        assertThat(CpuTrend.NONE.with(cpu(0.3)).with(cpu(0.1)).scale()).isEqualTo(10);
        assertThat(CpuTrend.NONE.with(cpu(30)).with(cpu(250)).scale()).isEqualTo(250);
    }

    @Test
    void theRecentSamplesAreACopy() {
        CpuTrend trend = CpuTrend.NONE.with(cpu(20));

        trend.recent()[0] = 99;

        assertThat(trend.recent()).containsExactly(20);
        assertThat(CpuTrend.NONE.text()).isEmpty();
    }
}
