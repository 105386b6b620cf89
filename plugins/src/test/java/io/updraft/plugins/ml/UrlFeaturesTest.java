package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlFeaturesTest {

    private final UrlFeatures features = new UrlFeatures(64);

    private double lex(String url, String name) {
        return features.extract(url)[UrlFeatures.lexicalNames().indexOf(name)];
    }

    @Test
    void namesMatchTheVectorAndAreUnique() {
        assertThat(features.names()).hasSize(features.dimension()).doesNotHaveDuplicates();
        assertThat(features.dimension()).isEqualTo(UrlFeatures.lexicalCount() + 64);
        assertThat(features.extract("http://example.com/")).hasSize(features.dimension());
    }

    @Test
    void lexicalFeaturesSeeTheUrlParts() {
        assertThat(lex("http://192.168.0.1/login.php", "ip_host")).isEqualTo(1);
        assertThat(lex("http://deadbeef.cafe.face.com/", "ip_host")).isEqualTo(0);
        assertThat(lex("http://xn--pypal-4ve.com/", "punycode")).isEqualTo(1);
        assertThat(lex("http://example.com:8080/x", "explicit_port")).isEqualTo(1);
        assertThat(lex("https://bit.ly/abc", "shortener")).isEqualTo(1);
        assertThat(lex("https://bit.ly/abc", "https")).isEqualTo(1);
        assertThat(lex("http://a.b.c.example.tk/", "subdomain_depth")).isEqualTo(3);
        assertThat(lex("http://a.b.c.example.tk/", "tld_suspicious")).isEqualTo(1);
        assertThat(lex("http://paypal.com.secure-login.example.net/verify", "brand_in_subdomain")).isEqualTo(1);
        assertThat(lex("http://paypal.com.secure-login.example.net/verify", "suspicious_words"))
                .isEqualTo(Math.log1p(3)); // secure, login, verif
        assertThat(lex("http://example.com/a,b", "count_comma")).isEqualTo(Math.log1p(1));
        assertThat(lex("http://aaaa.com", "max_char_repeat")).isEqualTo(Math.log1p(4));
        // "abcd" has 4 equally likely symbols: 2 bits
        assertThat(lex("abcd", "entropy_url")).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void isAPureFunctionOfTheUrlAndToleratesGarbage() {
        for (String url : List.of("", "::::", "http://", "http://[::1]:80/x?y#z", "héllo wörld", "http://a@b@c/")) {
            assertThat(features.extract(url)).isEqualTo(features.extract(url)).doesNotContain(Double.NaN);
        }
    }

    @Test
    void benchmarkReportsAPositiveRate() {
        UrlFeatureBenchmark.Result r = UrlFeatureBenchmark.run(List.of("http://example.com/a/b?c=d",
                "https://login.paypal.com.evil.tk/verify.php"), new UrlFeatures(), 0.2);
        assertThat(r.urlsPerWallSecond()).isPositive();
    }
}
