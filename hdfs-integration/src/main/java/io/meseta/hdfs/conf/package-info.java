/** The Hadoop client configuration Meseta uses: site files from one directory, fail-fast client defaults. */
package io.meseta.hdfs.conf;
