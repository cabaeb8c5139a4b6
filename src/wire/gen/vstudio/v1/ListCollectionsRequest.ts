// Original file: proto/vstudio/v1/vector.proto


export interface ListCollectionsRequest {
}

export interface ListCollectionsRequest__Output {
}
