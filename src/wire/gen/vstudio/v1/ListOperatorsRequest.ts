// Original file: proto/vstudio/v1/admin.proto


export interface ListOperatorsRequest {
  /**
   * run a planning round before answering (`rebalance`)
   */
  'planNow'?: (boolean);
}

export interface ListOperatorsRequest__Output {
  /**
   * run a planning round before answering (`rebalance`)
   */
  'planNow': (boolean);
}
