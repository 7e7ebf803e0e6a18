# Container image for the controller. Build the jar first: ./mvnw -B -DskipTests package
FROM eclipse-temurin:17-jre-jammy
RUN useradd --uid 65532 --no-create-home --shell /usr/sbin/nologin meridian
COPY scheduler/target/meridian.jar /app/meridian.jar
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/meridian.jar"]
# `meridian run` is the controller; `docker run IMAGE plan ...` or `version` run the other commands.
CMD ["run"]
