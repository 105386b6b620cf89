package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataValidationTest {

    private static DataValidation.Check check(DataValidation.Report r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theRealDataPassesWithTheSixConstantColumnsFlagged() throws Exception {
        DatasetSnapshot d = DatasetSnapshot.read(DatasetSnapshotTest.DATA);
        DataValidation.Report r = DataValidation.validate(d, d.split(42, 0.2), d, DataValidation.Policy.defaults());
        assertThat(r.passed()).as(r.summary()).isTrue();
        assertThat(check(r, "columns.constant").status()).isEqualTo(DataValidation.Status.WARN);
        assertThat(check(r, "columns.constant").message()).contains("nb_or", "ratio_nullHyperlinks",
                "ratio_intRedirection", "ratio_intErrors", "submit_email", "sfh");
        assertThat(check(r, "drift.psi").status()).isEqualTo(DataValidation.Status.PASS);
        assertThat(Json.toString(r)).contains("\"schema.columns\"");
    }

    @Test
    void aTamperedDataSetFailsNamingTheChecksAndRows() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new String[] {"http://site" + i + ".com/page", String.valueOf(i % 2), "1.5"});
        }
        DatasetSnapshot clean = DatasetSnapshot.of(List.of("url", "label", "length_url"), rows);
        rows = new ArrayList<>(rows);
        rows.set(3, new String[] {"not a url", "0", "1.5"});
        rows.set(5, new String[] {"http://ok.com/", "2", "1.5"});
        rows.set(7, new String[] {"http://site6.com/page", "1", "1.5"}); // same URL as row 7 (index 6), other label
        rows.set(9, new String[] {"http://fine.com/", "1", "abc"});
        DatasetSnapshot tampered = DatasetSnapshot.of(List.of("url", "label", "length_url"), rows);
        DataValidation.Report r = DataValidation.validate(tampered, tampered.split(1, 0.25), clean,
                DataValidation.Policy.defaults());
        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).extracting(DataValidation.Check::name)
                .contains("url.parseable", "label.values", "url.duplicates", "schema.types");
        assertThat(check(r, "url.parseable").examples()).extracting(DataValidation.Example::row).containsExactly(4);
        assertThat(check(r, "label.values").examples()).extracting(DataValidation.Example::row).containsExactly(6);
        assertThat(check(r, "schema.types").examples()).extracting(DataValidation.Example::row).containsExactly(10);
        assertThat(r.summary()).contains("FAIL", "row 4", "row 6", "row 10");
    }

    @Test
    void aLeakingSplitAndAnUnbalancedSetFail() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new String[] {"http://x" + (i % 10) + ".com/", i < 18 ? "1" : "0"});
        }
        DatasetSnapshot d = DatasetSnapshot.of(List.of("url", "label"), rows);
        DatasetSnapshot.Split leaking = new DatasetSnapshot.Split(0, 0.5, new int[] {0, 1, 2}, new int[] {10, 11});
        DataValidation.Report r = DataValidation.validate(d, leaking, null, DataValidation.Policy.defaults());
        assertThat(check(r, "split.disjoint").status()).isEqualTo(DataValidation.Status.FAIL);
        assertThat(check(r, "split.disjoint").examples()).extracting(DataValidation.Example::row).contains(11, 12);
        assertThat(check(r, "class.balance").status()).isEqualTo(DataValidation.Status.FAIL);
    }

    @Test
    void aNearlyIdenticalSnapshotIsComparedWithoutTheKsSeriesFailing() throws Exception {
        DatasetSnapshot d = DatasetSnapshot.read(DatasetSnapshotTest.DATA);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            rows.add(d.row(i));
        }
        rows.add(d.row(0)); // one row more: KS statistics so small that Hipparchus' asymptotic series gives up
        DatasetSnapshot plusOne = DatasetSnapshot.of(d.columns(), rows);

        DataValidation.Report r = DataValidation.validate(plusOne, plusOne.split(42, 0.2), d,
                DataValidation.Policy.defaults());

        assertThat(check(r, "drift.ks").status()).isEqualTo(DataValidation.Status.PASS);
        assertThat(r.drift()).allSatisfy(f -> assertThat(f.ksPValue()).isBetween(0.0, 1.0));
    }

    @Test
    void driftIsCaughtByPsi() throws Exception {
        DatasetSnapshot d = DatasetSnapshot.read(DatasetSnapshotTest.DATA);
        // only the long URLs: a shifted length distribution
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (d.url(i).length() > 70) {
                rows.add(d.row(i));
            }
        }
        DatasetSnapshot shifted = DatasetSnapshot.of(d.columns(), rows);
        DataValidation.Report r = DataValidation.validate(shifted, null, d, DataValidation.Policy.defaults());
        assertThat(check(r, "drift.psi").status()).isEqualTo(DataValidation.Status.FAIL);
        assertThat(check(r, "drift.psi").message()).contains("url_length");
        assertThat(FeatureDriftChecks.psi(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}, 10)).isZero();
    }
}
