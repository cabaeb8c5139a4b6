// Original file: proto/vstudio/v1/vector.proto


export interface DescribeCollectionRequest {
  'name'?: (string);
}

export interface DescribeCollectionRequest__Output {
  'name': (string);
}
