# shellcheck shell=bash disable=SC2154
# Shared by scripts/spark-cluster and scripts/spark-submit. Needs $here (the repo root).

# Spark's own module options (JavaModuleOptions of Spark 4.1), needed on Java 17+.
spark_opens='-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true'
export spark_opens

# Prints the path of a file holding the class path of Spark alone (spark-sql_2.13 and everything
# it depends on, as a Spark distribution's jars/ holds them; the version is the parent pom's),
# resolving it with Maven the first time.
spark_classpath_file() {
  local version out="$here/target/spark-jars/classpath.txt"
  version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/pom.xml")"
  if [ ! -s "$out" ] || [ "$(cat "$here/target/spark-jars/version" 2>/dev/null)" != "$version" ]; then
    mkdir -p "$here/target/spark-jars"
    cat > "$here/target/spark-jars/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.ffsweep.scripts</groupId>
  <artifactId>spark-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.spark</groupId>
      <artifactId>spark-sql_2.13</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
POM
    (cd "$here" && ./mvnw -q -B -Dstyle.color=never -f target/spark-jars/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime) >&2
    echo "$version" > "$here/target/spark-jars/version"
  fi
  echo "$out"
}
