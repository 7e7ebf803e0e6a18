# Container image for the controller. Build the jar first: ./mvnw -B -DskipTests package
FROM eclipse-temurin:17-jre-jammy
RUN useradd --uid 65532 --no-create-home --shell /usr/sbin/nologin meridian
COPY scheduler/target/meridian.jar /app/meridian.jar
COPY scheduler/jvm.options /app/jvm.options
USER 65532:65532
EXPOSE 8080
# The JVM's options are in scheduler/jvm.options; the chart's javaOpts (JAVA_TOOL_OPTIONS) add to them.
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/meridian.jar"]
# `meridian run` is the controller; `docker run IMAGE plan ...` or `version` run the other commands.
CMD ["run"]
