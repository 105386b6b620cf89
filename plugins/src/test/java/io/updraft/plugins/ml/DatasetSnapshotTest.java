package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSnapshotTest {

    static final Path DATA = Path.of("../dag-specs/data/phishing-urls/phishing-urls.csv");

    @Test
    void readsRfc4180WithCommasQuotesAndNewlinesInUrls() {
        DatasetSnapshot d = DatasetSnapshot.parse("url,label\r\n"
                + "\"http://a.com/x,y\",1\r\n"
                + "\"http://b.com/say \"\"hi\"\"\",0\r\n"
                + "\"http://c.com/multi\nline\",1\r\n");
        assertThat(d.urls()).containsExactly("http://a.com/x,y", "http://b.com/say \"hi\"", "http://c.com/multi\nline");
        assertThat(d.labels()).containsExactly(1, 0, 1);
    }

    @Test
    void theRealFileHasItsElevenUrlsWithCommasOrQuotes() throws Exception {
        DatasetSnapshot d = DatasetSnapshot.read(DATA);
        assertThat(d.size()).isEqualTo(6430);
        assertThat(d.urls().stream().filter(u -> u.contains(",") || u.contains("\""))).hasSize(11);
        assertThat(Arrays.stream(d.labels()).sum()).isEqualTo(3215);
    }

    @Test
    void theDataVersionIgnoresQuotingAndLineEndsAndNamesTheFile(@TempDir Path dir) throws Exception {
        DatasetSnapshot a = DatasetSnapshot.parse("url,label\n\"http://a.com/\",\"1\"\n");
        DatasetSnapshot b = DatasetSnapshot.parse("url,label\r\nhttp://a.com/,1\r\n");
        DatasetSnapshot c = DatasetSnapshot.parse("url,label\r\nhttp://a.com/,0\r\n");
        assertThat(a.sha256()).isEqualTo(b.sha256()).isNotEqualTo(c.sha256()).hasSize(64);
        Path file = a.writeTo(dir);
        assertThat(file.getFileName().toString()).isEqualTo(a.sha256() + ".csv");
        assertThat(DatasetSnapshot.load(dir, a.sha256()).urls()).containsExactly("http://a.com/");
        Files.writeString(file, "url,label\r\nhttp://evil.com/,0\r\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatasetSnapshot.load(dir, a.sha256()))
                .hasMessageContaining("was modified");
    }

    @Test
    void theSplitIsStratifiedDisjointAndDeterministicForASeed() throws Exception {
        DatasetSnapshot d = DatasetSnapshot.read(DATA);
        DatasetSnapshot.Split s1 = d.split(7, 0.2);
        DatasetSnapshot.Split s2 = d.split(7, 0.2);
        DatasetSnapshot.Split other = d.split(8, 0.2);
        assertThat(s1.test()).isEqualTo(s2.test());
        assertThat(s1.testFingerprint()).isNotEqualTo(other.testFingerprint());
        assertThat(s1.train().length + s1.test().length).isEqualTo(d.size());
        int[] labels = d.labels();
        long testPositives = Arrays.stream(s1.test()).filter(i -> labels[i] == 1).count();
        assertThat((double) testPositives / s1.test().length).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        Set<String> train = new HashSet<>();
        for (int i : s1.train()) {
            train.add(d.url(i));
        }
        for (int i : s1.test()) {
            assertThat(train).doesNotContain(d.url(i));
        }
    }
}
