# Three images from one build. Target "fer": every fer component, the command picks the role (see docker-compose.yml).
# Target "fer-gpu": the same on NVIDIA's CUDA runtime, built with TensorFlow Java's CUDA library (mvn -Pgpu); workers
# there run with --device gpu:N. Target "flink": the official Flink image with TensorFlow Java in its lib/ (the
# classifier's job jar brings the rest; its transformer is small enough for the CPU).
FROM eclipse-temurin:17-jdk AS fer
# as ./fer sets them outside containers: TensorFlow's oneDNN kernels, few malloc arenas
ENV TF_ENABLE_ONEDNN_OPTS=1 MALLOC_ARENA_MAX=2
RUN apt-get update && apt-get install -y --no-install-recommends maven nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/fer
COPY . .
# setup, not run time: build, fetch and verify the pinned models, unpack the shipped default temporal model (trained on
# FER2013, inside the launcher jar) where the commands look for it, so no container trains or unpacks at start
RUN mvn -B -q install -DskipTests && ./fer models fetch && ./fer models default
ENTRYPOINT ["./fer"]

# TensorFlow Java 1.1 is TensorFlow 2.18, built against CUDA 12.5 and cuDNN 9.3: the host needs an NVIDIA driver for
# CUDA 12 (525 or newer) and the NVIDIA container toolkit. FER_MAVEN_ARGS keeps ./fer's rebuilds on the CUDA library.
FROM nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04 AS fer-gpu
ENV TF_ENABLE_ONEDNN_OPTS=1 MALLOC_ARENA_MAX=2 FER_MAVEN_ARGS=-Pgpu DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/fer
COPY . .
RUN mvn -B -q -Pgpu install -DskipTests && ./fer models fetch && ./fer models default
ENTRYPOINT ["./fer"]

# TensorFlow Java belongs in the cluster's lib/, not in the job jar: its native library is loaded once per JVM and
# cannot be loaded again by the child class loader of a restarted job.
FROM flink:2.2.1-java17 AS flink
ENV TF_ENABLE_ONEDNN_OPTS=1 MALLOC_ARENA_MAX=2
COPY --from=fer /opt/fer/launcher/target/lib/tensorflow-core-api-*.jar /opt/fer/launcher/target/lib/tensorflow-core-native-*.jar \
     /opt/fer/launcher/target/lib/ndarray-*.jar /opt/fer/launcher/target/lib/javacpp-*.jar \
     /opt/fer/launcher/target/lib/protobuf-java-3*.jar /opt/flink/lib/
