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
  <xsl:import href="common/source.xsl"/>
  <xsl:import href="common/json.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode use-accumulators="#all"/>

  <xsl:template name="editio:metadata">
    <xsl:variable name="json" as="element(j:map)">
      <xsl:apply-templates select="/tei:TEI" mode="json"/>
    </xsl:variable>
    <xsl:value-of select="xml-to-json($json)"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="json">
    <xsl:variable name="title-stmt" select="tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="source" select="editio:source(.)"/>
    <xsl:variable name="id" select="editio:document-id(.)"/>
    <j:map>
      <j:string key="id"><xsl:value-of select="$id"/></j:string>
      <j:string key="folder"><xsl:value-of select="editio:file-name($id)"/></j:string>
      <j:string key="title"><xsl:value-of select="editio:clean(($title-stmt/tei:title[@type = ('complete', 'main')], $title-stmt/tei:title)[1])"/></j:string>
      <j:string key="lang"><xsl:value-of select="editio:language((@xml:lang, tei:text/@xml:lang, 'en')[1])"/></j:string>
      <j:map key="source">
        <xsl:for-each select="'series', 'subseries', 'volumeTitle', 'volumeLabel'">
          <xsl:sequence select="editio:field(., $source(.))"/>
        </xsl:for-each>
        <xsl:sequence select="editio:number-field('volume', $source?volume)"/>
        <j:array key="editors">
          <xsl:for-each select="$source?editors">
            <j:string><xsl:value-of select="editio:clean(.)"/></j:string>
          </xsl:for-each>
        </j:array>
        <xsl:for-each select="'publisher', 'place', 'date'">
          <xsl:sequence select="editio:field(., $source(.))"/>
        </xsl:for-each>
      </j:map>
      <j:array key="units">
        <xsl:variable name="scopes" select="editio:scopes(.)"/>
        <xsl:sequence select="$scopes ! editio:unit(., $id, exists($scopes/self::tei:text))"/>
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
    <!-- Whether the text outside the units has a page of its own, which its units then link to. -->
    <xsl:param name="text-has-page" as="xs:boolean"/>
    <xsl:variable name="is-text" select="exists($scope/self::tei:text)"/>
    <xsl:variable name="id" select="if ($is-text) then $document-id else string($scope/@xml:id)"/>
    <xsl:variable name="pages" select="editio:page-span($scope)"/>
    <xsl:variable name="parent" select="if ($is-text) then () else (editio:unit-of($scope/..), $scope/ancestor::tei:text)[1]"/>
    <j:map>
      <j:string key="id"><xsl:value-of select="$id"/></j:string>
      <j:string key="file"><xsl:value-of select="editio:page-name($scope)"/></j:string>
      <j:string key="type"><xsl:value-of select="if ($is-text) then 'text' else $scope/@type"/></j:string>
      <j:string key="title"><xsl:value-of select="editio:unit-title($scope)"/></j:string>
      <xsl:if test="$parent and ($text-has-page or $parent/self::tei:div)">
        <j:string key="parent"><xsl:value-of select="if ($parent/self::tei:text) then $document-id else $parent/@xml:id"/></j:string>
      </xsl:if>
      <xsl:sequence select="editio:field('firstPage', $pages?first)"/>
      <xsl:sequence select="editio:field('lastPage', $pages?last)"/>
      <xsl:sequence select="editio:field('url', editio:public-url($scope))"/>
      <xsl:sequence select="editio:field('date', ($scope//tei:dateline//tei:date/(@when, @notBefore)[1])[1])"/>
    </j:map>
  </xsl:function>

</xsl:stylesheet>
