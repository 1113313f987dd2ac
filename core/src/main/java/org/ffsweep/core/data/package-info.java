/**
 * MNIST-style data: the IDX file format ({@link org.ffsweep.core.data.IdxReader}), the two data
 * sets and their published identities ({@link org.ffsweep.core.data.Dataset}), the in-memory arrays
 * ({@link org.ffsweep.core.data.MnistData}), and the verified fetch-and-cache step ({@link
 * org.ffsweep.core.data.DataFetcher}) configured by {@link org.ffsweep.core.data.DataConfig}.
 *
 * <p>Nothing here touches native memory: data leave this package as Java arrays and buffers, and
 * conversion to NDArrays happens inside a caller-supplied manager.
 */
package org.ffsweep.core.data;
