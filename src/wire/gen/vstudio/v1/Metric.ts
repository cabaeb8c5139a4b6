// Original file: proto/vstudio/v1/vector.proto

export const Metric = {
  /**
   * l2
   */
  METRIC_UNSPECIFIED: 'METRIC_UNSPECIFIED',
  METRIC_L2: 'METRIC_L2',
  METRIC_COSINE: 'METRIC_COSINE',
  METRIC_IP: 'METRIC_IP',
} as const;

export type Metric =
  /**
   * l2
   */
  | 'METRIC_UNSPECIFIED'
  | 0
  | 'METRIC_L2'
  | 1
  | 'METRIC_COSINE'
  | 2
  | 'METRIC_IP'
  | 3

export type Metric__Output = typeof Metric[keyof typeof Metric]
