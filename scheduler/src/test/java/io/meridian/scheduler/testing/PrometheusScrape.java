package io.meridian.scheduler.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One read of a controller's {@code /actuator/prometheus}, as a monitoring system sees it. */
public final class PrometheusScrape {

    private final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    public static PrometheusScrape of(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/actuator/prometheus answered " + response.statusCode());
        }
        return new PrometheusScrape(response.body());
    }

    /** The sum of every series of this sample name, e.g. {@code meridian_api_writes_total}; 0 when absent. */
    public double sum(String sample) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ") || line.startsWith(sample + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
