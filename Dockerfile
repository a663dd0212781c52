# One image for every fer component; the command picks the role (see docker-compose.yml).
FROM eclipse-temurin:17-jdk
RUN apt-get update && apt-get install -y --no-install-recommends maven nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/fer
COPY . .
# setup, not run time: build, fetch and verify the pinned models, build the default temporal model
RUN mvn -B -q install -DskipTests && ./fer models fetch \
    && ./fer train --default --out /root/.cache/fer/models/temporal/default-distilled-1
ENTRYPOINT ["./fer"]
