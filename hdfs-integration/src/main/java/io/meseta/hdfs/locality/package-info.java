/**
 * Where data is: HDFS inputs resolved to splits with their hosts and racks, datanode host names
 * mapped to agents, and Hadoop's rack topology for agents to report their rack.
 */
package io.meseta.hdfs.locality;
