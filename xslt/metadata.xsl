<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the TEI says about itself, as JSON: the document and its printed source (series,
  volume, editors, publisher, date) and each citable unit (id, title, pages, URL).
  Page layouts, navigation, citation meta tags and (later) citation exports are made from it.
  JSON is built with xml-to-json() so that keys keep their order (maps do not).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:editio="urn:editio"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  exclude-result-prefixes="#all">

  <xsl:import href="common/functions.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode use-accumulators="#all"/>

  <xsl:template name="editio:metadata">
    <xsl:variable name="json" as="element(j:map)">
      <xsl:apply-templates select="/tei:TEI" mode="json"/>
    </xsl:variable>
    <xsl:value-of select="xml-to-json($json)"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="json">
    <xsl:variable name="header" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="title-stmt" select="$header/tei:titleStmt"/>
    <xsl:variable name="source" select="$header/tei:sourceDesc/tei:biblStruct[1]"/>
    <xsl:variable name="monogr" select="$source/tei:monogr"/>
    <xsl:variable name="id" select="editio:document-id(.)"/>
    <xsl:variable name="volume-label" select="($monogr/tei:biblScope[@unit = 'volume'], $title-stmt/tei:title[@type = 'volume-number'])[1]"/>
    <j:map>
      <j:string key="id"><xsl:value-of select="$id"/></j:string>
      <j:string key="folder"><xsl:value-of select="editio:file-name($id)"/></j:string>
      <j:string key="title"><xsl:value-of select="editio:clean(($title-stmt/tei:title[@type = ('complete', 'main')], $title-stmt/tei:title)[1])"/></j:string>
      <j:string key="lang"><xsl:value-of select="editio:language((@xml:lang, tei:text/@xml:lang, 'en')[1])"/></j:string>
      <j:map key="source">
        <xsl:sequence select="editio:field('series', ($source/tei:series/tei:title, $title-stmt/tei:title[@type = 'series'])[1])"/>
        <xsl:sequence select="editio:field('subseries', ($source/tei:series/tei:biblScope[@unit = 'volume'], $title-stmt/tei:title[@type = ('sub-series', 'subseries')])[1])"/>
        <xsl:sequence select="editio:field('volumeTitle', ($monogr/tei:title[@level = 'm'], $title-stmt/tei:title[@type = 'volume'])[1])"/>
        <xsl:sequence select="editio:field('volumeLabel', $volume-label)"/>
        <xsl:if test="exists(editio:volume-number($volume-label))">
          <j:number key="volume"><xsl:value-of select="editio:volume-number($volume-label)"/></j:number>
        </xsl:if>
        <j:array key="editors">
          <xsl:for-each select="if ($monogr/tei:editor) then $monogr/tei:editor else $title-stmt/tei:editor">
            <j:string><xsl:value-of select="editio:clean(.)"/></j:string>
          </xsl:for-each>
        </j:array>
        <xsl:sequence select="editio:field('publisher', ($monogr/tei:imprint/tei:publisher, $header/tei:publicationStmt/tei:publisher)[1])"/>
        <xsl:sequence select="editio:field('place', ($monogr/tei:imprint/tei:pubPlace, $header/tei:publicationStmt/tei:pubPlace)[1])"/>
        <xsl:sequence select="editio:field('date', ($monogr/tei:imprint/tei:date/(@when, .)[1], $header/tei:publicationStmt/tei:date/(@when, .)[1])[1])"/>
      </j:map>
      <j:array key="units">
        <xsl:if test="empty(editio:units(.)) or editio:has-own-content(tei:text)">
          <xsl:sequence select="editio:unit(tei:text, $id)"/>
        </xsl:if>
        <xsl:for-each select="editio:units(.)">
          <xsl:sequence select="editio:unit(., $id)"/>
        </xsl:for-each>
      </j:array>
      <!-- The witnesses of a critical edition; each has a page beside each unit's ({unit}.wit-{file}). -->
      <j:array key="witnesses">
        <xsl:for-each select="editio:witnesses(.)">
          <j:map>
            <j:string key="id"><xsl:value-of select="@xml:id"/></j:string>
            <j:string key="siglum"><xsl:value-of select="editio:siglum(.)"/></j:string>
            <j:string key="description"><xsl:value-of select="editio:witness-description(.)"/></j:string>
            <j:string key="file"><xsl:value-of select="editio:file-name(@xml:id)"/></j:string>
          </j:map>
        </xsl:for-each>
      </j:array>
    </j:map>
  </xsl:template>

  <xsl:function name="editio:unit" as="element(j:map)">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="document-id" as="xs:string"/>
    <xsl:variable name="is-text" select="exists($scope/self::tei:text)"/>
    <xsl:variable name="id" select="if ($is-text) then $document-id else string($scope/@xml:id)"/>
    <xsl:variable name="head" select="$scope/tei:head[1]"/>
    <xsl:variable name="first" select="editio:first-page($scope)"/>
    <xsl:variable name="last" select="editio:last-page($scope)"/>
    <xsl:variable name="parent" select="if ($is-text) then () else (editio:unit-of($scope/..), $scope/ancestor::tei:text)[1]"/>
    <j:map>
      <j:string key="id"><xsl:value-of select="$id"/></j:string>
      <j:string key="file"><xsl:value-of select="editio:page-name($scope)"/></j:string>
      <j:string key="type"><xsl:value-of select="if ($is-text) then 'text' else $scope/@type"/></j:string>
      <j:string key="title">
        <xsl:value-of select="if ($head) then editio:head-text($head) else editio:clean(root($scope)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
      </j:string>
      <xsl:if test="$parent and (editio:has-own-content(root($scope)/tei:TEI/tei:text) or $parent/self::tei:div)">
        <j:string key="parent"><xsl:value-of select="if ($parent/self::tei:text) then $document-id else $parent/@xml:id"/></j:string>
      </xsl:if>
      <xsl:sequence select="editio:field('firstPage', $first/@n)"/>
      <xsl:sequence select="editio:field('lastPage', $last/@n)"/>
      <!-- history.state.gov's URL pattern: historicaldocuments/{volume-id}/{element-id} -->
      <xsl:if test="matches($document-id, '^frus[0-9][A-Za-z0-9_-]*$')">
        <j:string key="url"><xsl:value-of select="'https://history.state.gov/historicaldocuments/' || $document-id || (if ($is-text) then '' else '/' || editio:file-name($id))"/></j:string>
      </xsl:if>
      <xsl:sequence select="editio:field('date', ($scope//tei:dateline//tei:date/(@when, @notBefore)[1])[1])"/>
    </j:map>
  </xsl:function>

  <!-- A key with a string value, left out when there is no value. -->
  <xsl:function name="editio:field" as="element(j:string)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="item()?"/>
    <xsl:variable name="text" select="editio:clean($value)"/>
    <xsl:if test="$text">
      <j:string key="{$key}"><xsl:value-of select="$text"/></j:string>
    </xsl:if>
  </xsl:function>

  <xsl:function name="editio:clean" as="xs:string">
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="normalize-space(string($value))"/>
  </xsl:function>

  <!-- "Volume VII", "vol. 7", n="7": the volume as a number. -->
  <xsl:function name="editio:volume-number" as="xs:integer?">
    <xsl:param name="label" as="element()?"/>
    <xsl:variable name="token" select="(($label/@n, tokenize(normalize-space($label)))[matches(., '^([0-9]+|[IVXLCivxlc]+)$')])[last()]"/>
    <xsl:sequence select="if (empty($token)) then () else if ($token castable as xs:integer) then xs:integer($token) else editio:roman(upper-case($token))"/>
  </xsl:function>

  <xsl:function name="editio:roman" as="xs:integer">
    <xsl:param name="numeral" as="xs:string"/>
    <xsl:variable name="values" select="string-to-codepoints($numeral) ! map { 73: 1, 86: 5, 88: 10, 76: 50, 67: 100 }(.)"/>
    <xsl:sequence select="sum(for $i in 1 to count($values) return
      if ($i lt count($values) and $values[$i] lt $values[$i + 1]) then -$values[$i] else $values[$i])"/>
  </xsl:function>
</xsl:stylesheet>
