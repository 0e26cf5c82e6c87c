/** Fetching Hadoop file system URIs into task sandboxes, through an agent-wide LRU cache. */
package io.meseta.hdfs.fetch;
