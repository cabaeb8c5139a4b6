// Original file: proto/vstudio/v1/vector.proto


export interface DropCollectionRequest {
  'name'?: (string);
}

export interface DropCollectionRequest__Output {
  'name': (string);
}
